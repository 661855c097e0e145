import { type CreateWorkspaceResponse, type ErrorBody, type ModelListPage, type ModelView } from '@model-garden/contracts';
import { type RegistryHarness, startRegistry } from './registry-harness';

/** The public catalogue: published prices, availability from platform credentials, per-workspace enable/disable. */
describe('public catalogue', () => {
  let registry: RegistryHarness;
  let acme: CreateWorkspaceResponse;
  let globex: CreateWorkspaceResponse;

  beforeAll(async () => {
    registry = await startRegistry('catalogue', { MISTRAL_API_KEY: 'mistral-platform-key-000' });
    acme = await registry.createWorkspace('acme');
    globex = await registry.createWorkspace('globex');
  });

  afterAll(async () => {
    await registry?.close();
  });

  it('lists public models with published prices; those without platform credentials are unavailable', async () => {
    const result = await registry.request<{ data: ModelView[] }>('GET', '/v1/catalogue', { token: acme.apiKey.key });
    expect(result.status).toBe(200);
    const byRef = new Map(result.body.data.map((m) => [m.ref, m]));
    for (const provider of ['openai', 'groq', 'together', 'mistral']) expect(result.body.data.some((m) => m.provider === provider)).toBe(true);
    expect(byRef.get('openai/gpt-4o-mini')).toMatchObject({
      id: 'openai/gpt-4o-mini',
      owner: 'public',
      type: 'chat',
      baseUrl: 'https://api.openai.com/v1',
      modelId: 'gpt-4o-mini',
      pricing: { inputPerMillionTokens: 0.15, outputPerMillionTokens: 0.6 },
      status: 'unavailable',
      statusMessage: expect.stringContaining('OPENAI_API_KEY'),
      enabled: true,
      apiKeyHint: null,
    });
    expect(byRef.get('mistral/mistral-small-latest')).toMatchObject({ status: 'active', statusMessage: null, region: 'eu' });
    expect(byRef.get('openai/dall-e-3')!.pricing).toEqual({ perImage: 0.04 });
    expect(result.text).not.toContain('mistral-platform-key-000');
    const groq = await registry.request<{ data: ModelView[] }>('GET', '/v1/catalogue?provider=groq', { token: acme.apiKey.key });
    expect(groq.body.data.length).toBeGreaterThan(0);
    expect(groq.body.data.every((m) => m.provider === 'groq')).toBe(true);
  });

  it('lets a workspace disable and re-enable a public model, for itself only', async () => {
    const disabled = await registry.request<ModelView>('PATCH', '/v1/catalogue/mistral/mistral-small-latest', { token: acme.apiKey.key, body: { enabled: false } });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ enabled: false, status: 'unavailable', statusMessage: expect.stringContaining('Disabled') });
    const inList = await registry.request<ModelListPage>('GET', '/v1/models?owner=public&q=mistral%20small', { token: acme.apiKey.key });
    expect(inList.body.data.map((m) => [m.ref, m.enabled])).toEqual([['mistral/mistral-small-latest', false]]);
    const unavailable = await registry.request<ModelListPage>('GET', '/v1/models?owner=public&status=unavailable&limit=200', { token: acme.apiKey.key });
    expect(unavailable.body.data.map((m) => m.ref)).toContain('mistral/mistral-small-latest');
    const active = await registry.request<ModelListPage>('GET', '/v1/models?owner=public&status=active', { token: acme.apiKey.key });
    expect(active.body.data.map((m) => m.ref).sort()).toEqual(['mistral/codestral-latest', 'mistral/mistral-embed', 'mistral/mistral-large-latest']);

    const forGlobex = await registry.request<ModelView>('GET', '/v1/catalogue/mistral/mistral-small-latest', { token: globex.apiKey.key });
    expect(forGlobex.body).toMatchObject({ enabled: true, status: 'active' });

    const enabled = await registry.request<ModelView>('PATCH', '/v1/catalogue/mistral/mistral-small-latest', { token: acme.apiKey.key, body: { enabled: true } });
    expect(enabled.body).toMatchObject({ enabled: true, status: 'active' });
  });

  it('answers 404 for a model the catalogue does not have and 400 for a bad body', async () => {
    const missing = await registry.request<ErrorBody>('PATCH', '/v1/catalogue/openai/gpt-9', { token: acme.apiKey.key, body: { enabled: false } });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    const bad = await registry.request<ErrorBody>('PATCH', '/v1/catalogue/openai/gpt-4o-mini', { token: acme.apiKey.key, body: { enabled: 'no', also: 1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details?.map((d) => d.field).sort()).toEqual(['also', 'enabled']);
    const badFilter = await registry.request<ErrorBody>('GET', '/v1/catalogue?provider=NOT%20ONE', { token: acme.apiKey.key });
    expect(badFilter.status).toBe(400);
  });
});
