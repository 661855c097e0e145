import { type DataSource } from 'typeorm';
import { type AuthContext } from '../../../auth/auth-context';
import { type OutboxService } from '../../../outbox/outbox.service';
import { type ModelEntity } from '../../model.entity';
import { type ModelRepository } from '../../model.repository';
import { DeleteModelCommand } from './delete-model.command';
import { DeleteModelUseCase } from './delete-model.usecase';

describe('DeleteModelUseCase', () => {
  const auth: AuthContext = { apiKeyId: 'k', workspaceId: 'w', workspaceSlug: 'acme', scopes: ['models:write'], prefix: 'p', expiresAt: null, keyRegions: null, allowedRegions: null };
  const deleted: string[] = [];
  const manager = { delete: async (_: unknown, where: { id: string }) => deleted.push(where.id) };
  const dataSource = { transaction: async (work: (m: typeof manager) => Promise<unknown>) => work(manager) } as unknown as DataSource;
  const outbox = { append: async () => undefined } as unknown as OutboxService;
  let using: string[] = [];
  const models = {
    getInWorkspace: async () => ({ id: 'm1', workspaceId: 'w', revision: 3 }) as ModelEntity,
    deploymentsUsing: async () => using,
  } as unknown as ModelRepository;
  const useCase = new DeleteModelUseCase(dataSource, outbox, models);

  beforeEach(() => {
    deleted.length = 0;
  });

  it('refuses (409) a model the current version of a deployment uses, naming the deployments', async () => {
    using = ['billing', 'support'];
    await expect(useCase.execute(DeleteModelCommand.create({ auth, id: 'm1' }))).rejects.toMatchObject({
      code: 'model_in_use',
      httpStatus: 409,
      message: expect.stringContaining('deployments "billing", "support"'),
      details: [
        { field: 'deployments', message: 'billing' },
        { field: 'deployments', message: 'support' },
      ],
    });
    expect(deleted).toEqual([]);
  });

  it('deletes a model no current version uses', async () => {
    using = [];
    await useCase.execute(DeleteModelCommand.create({ auth, id: 'm1' }));
    expect(deleted).toEqual(['m1']);
  });
});
