import { type DataSource } from 'typeorm';
import { type AuthContext } from '../../../auth/auth-context';
import { RegistryException } from '../../../shared/registry.exception';
import { ApiKeyIssuer } from '../../api-key-issuer.service';
import { CreateApiKeyCommand } from './create-api-key.command';
import { CreateApiKeyUseCase } from './create-api-key.usecase';

describe('CreateApiKeyUseCase', () => {
  let transactions = 0;
  const dataSource = {
    transaction: async (work: (manager: { insert: () => Promise<void> }) => Promise<unknown>) => {
      transactions += 1;
      return work({ insert: async () => undefined });
    },
  } as unknown as DataSource;
  const useCase = new CreateApiKeyUseCase(dataSource, new ApiKeyIssuer());
  const auth: AuthContext = { apiKeyId: 'k', workspaceId: 'w', workspaceSlug: 'acme', scopes: ['api-keys:manage', 'inference'], prefix: 'p', expiresAt: null, keyRegions: null, allowedRegions: null };

  beforeEach(() => {
    transactions = 0;
  });

  it('never grants a scope the calling key lacks, and writes nothing then', async () => {
    const attempt = useCase.execute(CreateApiKeyCommand.create({ auth, input: { label: 'x', scopes: ['inference', 'models:write', 'usage:read'] } }));
    await expect(attempt).rejects.toBeInstanceOf(RegistryException);
    await expect(attempt).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining('"models:write", "usage:read"'), details: [{ field: 'scopes' }] });
    expect(transactions).toBe(0);
  });

  it('refuses an expiry in the past', async () => {
    await expect(useCase.execute(CreateApiKeyCommand.create({ auth, input: { label: 'x', scopes: ['inference'], expiresAt: '2000-01-01T00:00:00Z' } }))).rejects.toMatchObject({ code: 'validation_failed' });
    expect(transactions).toBe(0);
  });

  it('never creates a key that outlives an expiring caller, naming expiresAt', async () => {
    const expiring: AuthContext = { ...auth, expiresAt: new Date('2099-06-01T00:00:00Z') };
    const later = useCase.execute(CreateApiKeyCommand.create({ auth: expiring, input: { label: 'x', scopes: ['inference'], expiresAt: '2099-06-02T00:00:00Z' } }));
    await expect(later).rejects.toMatchObject({ code: 'validation_failed', details: [{ field: 'expiresAt', message: expect.stringContaining('2099-06-01T00:00:00.000Z') }] });
    const forever = useCase.execute(CreateApiKeyCommand.create({ auth: expiring, input: { label: 'x', scopes: ['inference'] } }));
    await expect(forever).rejects.toMatchObject({ code: 'validation_failed', details: [{ field: 'expiresAt' }] });
    expect(transactions).toBe(0);
    const within = await useCase.execute(CreateApiKeyCommand.create({ auth: expiring, input: { label: 'x', scopes: ['inference'], expiresAt: '2099-06-01T00:00:00Z' } }));
    expect(within.expiresAt).toBe('2099-06-01T00:00:00.000Z');
  });

  it('issues a key with a subset of the caller scopes, the secret shown once', async () => {
    const created = await useCase.execute(CreateApiKeyCommand.create({ auth, input: { label: '  ci  ', scopes: ['inference'] } }));
    expect(created).toMatchObject({ label: 'ci', scopes: ['inference'], workspaceId: 'w', key: expect.stringMatching(/^mgk_/) });
    expect(transactions).toBe(1);
  });

  it("refuses regions outside the workspace's with a 422 naming allowedRegions, and writes nothing", async () => {
    const euWorkspace: AuthContext = { ...auth, allowedRegions: ['eu'] };
    const attempt = useCase.execute(CreateApiKeyCommand.create({ auth: euWorkspace, input: { label: 'x', scopes: ['inference'], allowedRegions: ['eu', 'us'] } }));
    await expect(attempt).rejects.toMatchObject({ code: 'region_not_allowed', httpStatus: 422, details: [{ field: 'allowedRegions', message: expect.stringContaining('"us", outside the regions the workspace may use ("eu")') }] });
    expect(transactions).toBe(0);
  });

  it("narrows: a key within the workspace's regions keeps them; a narrowed caller passes its own on when the new key names none", async () => {
    const narrowed = await useCase.execute(CreateApiKeyCommand.create({ auth, input: { label: 'x', scopes: ['inference'], allowedRegions: ['eu'] } }));
    expect(narrowed.allowedRegions).toEqual(['eu']);
    const following = await useCase.execute(CreateApiKeyCommand.create({ auth, input: { label: 'x', scopes: ['inference'] } }));
    expect(following.allowedRegions).toBeNull();
    const euKey: AuthContext = { ...auth, keyRegions: ['eu'], allowedRegions: ['eu'] };
    const inherited = await useCase.execute(CreateApiKeyCommand.create({ auth: euKey, input: { label: 'x', scopes: ['inference'] } }));
    expect(inherited.allowedRegions).toEqual(['eu']);
    await expect(useCase.execute(CreateApiKeyCommand.create({ auth: euKey, input: { label: 'x', scopes: ['inference'], allowedRegions: ['us'] } }))).rejects.toMatchObject({
      code: 'region_not_allowed',
      details: [{ field: 'allowedRegions', message: expect.stringContaining('outside the regions this API key may use ("eu")') }],
    });
  });
});
