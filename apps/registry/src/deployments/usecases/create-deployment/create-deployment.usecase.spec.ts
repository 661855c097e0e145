import { EVENT_TYPES, TOPICS } from '@model-garden/contracts';
import { type DataSource, type Repository } from 'typeorm';
import { type AuthContext } from '../../../auth/auth-context';
import { type OutboxService } from '../../../outbox/outbox.service';
import { RegistryException } from '../../../shared/registry.exception';
import { type DeploymentModels } from '../../deployment-models.service';
import { DeploymentPublisher } from '../../deployment-publisher.service';
import { type DeploymentVersionEntity } from '../../deployment-version.entity';
import { type DeploymentEntity } from '../../deployment.entity';
import { DeploymentRepository } from '../../deployment.repository';
import { CreateDeploymentCommand } from './create-deployment.command';
import { CreateDeploymentUseCase } from './create-deployment.usecase';

describe('CreateDeploymentUseCase', () => {
  const auth: AuthContext = { apiKeyId: 'key-1', workspaceId: 'w', workspaceSlug: 'acme', scopes: ['deployments:write'], prefix: 'p', expiresAt: null, keyRegions: null, allowedRegions: null };
  const writes: string[] = [];
  const events: Array<{ topic: string; type: string; subject: string; data: unknown }> = [];
  let insertError: unknown;
  const manager = {
    insert: async (entity: { name: string }) => {
      if (insertError) throw insertError;
      writes.push(entity.name);
    },
  };
  const dataSource = { transaction: async (work: (m: typeof manager) => Promise<unknown>) => work(manager) } as unknown as DataSource;
  const outbox = { append: async (_m: unknown, topic: string, type: string, subject: string, data: unknown) => events.push({ topic, type, subject, data }) } as unknown as OutboxService;
  let refuse = false;
  const models = {
    check: async () => {
      if (refuse) throw RegistryException.notPublishable([{ field: 'variants[0].model', message: 'Variant "a": model "x" does not exist' }]);
      return { views: [{ key: 'a', model: { id: 'm', ref: 'acme@openailike/m', owner: 'private', type: 'chat', provider: 'openailike' } }], modelIds: ['m'] };
    },
    health: async () => [{ status: 'healthy', issues: [] }],
  } as unknown as DeploymentModels;
  const useCase = new CreateDeploymentUseCase(
    dataSource,
    models,
    new DeploymentPublisher(new DeploymentRepository({} as Repository<DeploymentEntity>, {} as Repository<DeploymentVersionEntity>), outbox),
  );
  const command = CreateDeploymentCommand.create({
    auth,
    input: { key: 'support', variants: [{ key: 'a', model: 'm', messages: [{ role: 'user', content: 'hi' }] }], routing: { rules: [], defaultVariant: 'a' }, note: 'first' },
  });

  beforeEach(() => {
    writes.length = 0;
    events.length = 0;
    refuse = false;
    insertError = undefined;
  });

  it('stores the deployment, version 1 and DeploymentPublished in one transaction', async () => {
    const view = await useCase.execute(command);
    expect(view).toMatchObject({ key: 'support', currentVersion: 1, current: { version: 1, note: 'first', publishedBy: 'key-1', restoredFrom: null }, health: { status: 'healthy' } });
    expect(writes).toEqual(['DeploymentEntity', 'DeploymentVersionEntity']);
    expect(events).toEqual([{ topic: TOPICS.deployments, type: EVENT_TYPES.deploymentPublished, subject: view.id, data: expect.objectContaining({ key: 'support', version: 1, workspaceId: 'w' }) }]);
  });

  it('writes nothing when a variant cannot be published', async () => {
    refuse = true;
    await expect(useCase.execute(command)).rejects.toMatchObject({ code: 'deployment_not_publishable' });
    expect(writes).toEqual([]);
    expect(events).toEqual([]);
  });

  it('answers 409 naming the key when it is taken', async () => {
    insertError = Object.assign(new Error('duplicate'), { code: '23505', constraint: 'uq_deployments_workspace_key' });
    await expect(useCase.execute(command)).rejects.toMatchObject({ code: 'conflict', details: [expect.objectContaining({ field: 'key' })] });
  });
});
