import { type VariantInput } from '@model-garden/contracts';
import { type DataSource, type Repository } from 'typeorm';
import { type AuthContext } from '../../../auth/auth-context';
import { type OutboxService } from '../../../outbox/outbox.service';
import { type DeploymentModels } from '../../deployment-models.service';
import { DeploymentPublisher } from '../../deployment-publisher.service';
import { type DeploymentVersionEntity } from '../../deployment-version.entity';
import { type DeploymentEntity } from '../../deployment.entity';
import { DeploymentRepository } from '../../deployment.repository';
import { RestoreDeploymentVersionCommand } from './restore-deployment-version.command';
import { RestoreDeploymentVersionUseCase } from './restore-deployment-version.usecase';

describe('RestoreDeploymentVersionUseCase', () => {
  const auth: AuthContext = { apiKeyId: 'key-2', workspaceId: 'w', workspaceSlug: 'acme', scopes: ['deployments:write'], prefix: 'p', expiresAt: null, keyRegions: null, allowedRegions: null };
  const deployment = { id: 'd', workspaceId: 'w', key: 'support', description: null, currentVersion: 4, createdAt: new Date(), updatedAt: new Date() } as DeploymentEntity;
  const pinned = { id: 'model-uuid', ref: 'acme@openailike/old-name', owner: 'private' as const, type: 'chat', provider: 'openailike' };
  const old = {
    deploymentId: 'd',
    version: 2,
    note: 'good one',
    config: {
      variants: [{ key: 'a', model: pinned, messages: [{ role: 'user', content: 'hi' }], variables: [], parameters: { temperature: 0.5 }, retry: { count: 1 }, fallbacks: [], timeout: null }],
      routing: { rules: [], defaultVariant: 'a' },
    },
  } as unknown as DeploymentVersionEntity;
  const inserted: unknown[] = [];
  const manager = { insert: async (_: unknown, row: unknown) => inserted.push(row), update: async () => undefined };
  const dataSource = { transaction: async (work: (m: typeof manager) => Promise<unknown>) => work(manager) } as unknown as DataSource;
  const repository = { getByKey: async () => ({ ...deployment }), getVersion: async () => old } as unknown as DeploymentRepository;
  let checked: VariantInput[] = [];
  const models = {
    check: async (_scope: unknown, variants: VariantInput[]) => {
      checked = variants;
      return { views: old.config.variants, modelIds: ['model-uuid'] };
    },
    health: async () => [{ status: 'healthy', issues: [] }],
  } as unknown as DeploymentModels;
  const outbox = { append: async () => undefined } as unknown as OutboxService;
  const useCase = new RestoreDeploymentVersionUseCase(
    dataSource,
    repository,
    models,
    new DeploymentPublisher(new DeploymentRepository({} as Repository<DeploymentEntity>, {} as Repository<DeploymentVersionEntity>), outbox),
  );

  it('publishes a copy of the old version as the newest, re-checked by pinned model id', async () => {
    const view = await useCase.execute(RestoreDeploymentVersionCommand.create({ auth, key: 'support', version: 2, input: {} }));
    expect(checked).toEqual([{ key: 'a', model: 'model-uuid', messages: [{ role: 'user', content: 'hi' }], variables: [], parameters: { temperature: 0.5 }, fallbacks: [], retry: { count: 1 } }]);
    expect(view).toMatchObject({ currentVersion: 5, current: { version: 5, restoredFrom: 2, note: 'Restored from version 2: good one', publishedBy: 'key-2' } });
    expect(inserted).toEqual([expect.objectContaining({ version: 5, restoredFrom: 2, modelIds: ['model-uuid'] })]);
  });
});
