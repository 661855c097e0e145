import { type CreatedApiKeyView, type CreateWorkspaceResponse, type ErrorBody, type ModelView } from '@model-garden/contracts';
import { type RegistryHarness, startRegistry } from './registry-harness';

/**
 * Over real HTTP: a key cannot mint a key that outlives it or holds scopes it lacks;
 * body-less DELETE and POST endpoints accept `content-type: application/json` with an
 * empty body, as many fetch wrappers send it.
 */
describe('API key limits and empty JSON bodies', () => {
  let registry: RegistryHarness;
  let acme: CreateWorkspaceResponse;
  const json = { 'content-type': 'application/json' };

  beforeAll(async () => {
    registry = await startRegistry('key_limits');
    acme = await registry.createWorkspace('acme');
  });

  afterAll(async () => {
    await registry?.close();
  });

  async function key(token: string, body: Record<string, unknown>) {
    return registry.request<CreatedApiKeyView & ErrorBody>('POST', '/v1/api-keys', { token, body });
  }

  it('refuses a key with scopes its creator lacks (403 naming scopes) or outliving it (400 naming expiresAt)', async () => {
    const limited = await key(acme.apiKey.key, { label: 'limited', scopes: ['api-keys:manage', 'inference'], expiresAt: '2099-06-01T00:00:00Z' });
    expect(limited.status).toBe(201);
    const token = limited.body.key;

    const scopes = await key(token, { label: 'wider', scopes: ['inference', 'models:write'], expiresAt: '2099-05-01T00:00:00Z' });
    expect(scopes.status).toBe(403);
    expect(scopes.body.error.details).toEqual([{ field: 'scopes', message: expect.stringContaining('models:write') }]);

    const later = await key(token, { label: 'later', scopes: ['inference'], expiresAt: '2099-07-01T00:00:00Z' });
    expect(later.status).toBe(400);
    expect(later.body.error.details).toEqual([{ field: 'expiresAt', message: expect.stringContaining('2099-06-01T00:00:00.000Z') }]);

    const forever = await key(token, { label: 'forever', scopes: ['inference'] });
    expect(forever.status).toBe(400);
    expect(forever.body.error.details?.[0]?.field).toBe('expiresAt');

    const within = await key(token, { label: 'within', scopes: ['inference'], expiresAt: '2099-06-01T00:00:00Z' });
    expect(within.status).toBe(201);
  });

  it('accepts an empty JSON body on DELETE and body-less POST endpoints', async () => {
    const created = await registry.request<ModelView>('POST', '/v1/models', {
      token: acme.apiKey.key,
      body: { type: 'chat', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-empty-body-test-0000', name: 'Empty bodies', modelId: 'empty', region: 'us' },
    });
    expect(created.status).toBe(202);
    const validate = await registry.request('POST', `/v1/models/${created.body.id}/validate`, { token: acme.apiKey.key, headers: json, rawBody: '' });
    expect([validate.status, validate.text.includes('body is empty')]).toEqual([202, false]);
    const removed = await registry.request('DELETE', `/v1/models/${created.body.id}`, { token: acme.apiKey.key, headers: json, rawBody: '' });
    expect(removed.status).toBe(204);

    const spare = await key(acme.apiKey.key, { label: 'spare', scopes: ['inference'] });
    const revoked = await registry.request('DELETE', `/v1/api-keys/${spare.body.id}`, { token: acme.apiKey.key, headers: json, rawBody: '' });
    expect(revoked.status).toBe(204);
  });

  it('still names the missing fields when a route needs a body, and still refuses bad JSON and prototype keys', async () => {
    const empty = await registry.request<ErrorBody>('POST', '/v1/models', { token: acme.apiKey.key, headers: json, rawBody: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details?.map((d) => d.field)).toEqual(expect.arrayContaining(['type', 'baseUrl', 'apiKey']));
    const broken = await registry.request<ErrorBody>('POST', '/v1/models', { token: acme.apiKey.key, headers: json, rawBody: '{"type":' });
    expect([broken.status, broken.body.error.message]).toEqual([400, 'The request body is not valid JSON.']);
    const poisoned = await registry.request<ErrorBody>('POST', '/v1/api-keys', { token: acme.apiKey.key, headers: json, rawBody: '{"label":"x","scopes":["inference"],"__proto__":{"admin":true}}' });
    expect(poisoned.status).toBe(400);
  });
});
