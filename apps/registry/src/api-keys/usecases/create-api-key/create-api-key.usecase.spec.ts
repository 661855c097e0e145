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
});
