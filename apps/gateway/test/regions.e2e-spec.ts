import { type ApiKeyView, type CreatedApiKeyView, type CreateWorkspaceResponse, type CurrentWorkspaceView, type DatasetView, type ErrorBody, type ModelView, type UsageReport } from '@model-garden/contracts';
import { eventually } from '@model-garden/testing';

/** How long asynchronous effects (events, usage records) may take to show here. */
const EVENTUALLY_MS = 15_000;

/**
 * Region as a policy, end to end: the real registry, validator, gateway and mock provider
 * (started by tools/jest/e2e.global-setup.ts). An EU-only workspace cannot use a US model
 * directly, through a fallback, a deployment variant or an experiment column, and every
 * refusal names the region; a key narrower than its workspace is narrower still; usage is
 * grouped by the serving model's region.
 */
const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this suite with tools/jest/e2e.config.js`);
  return value;
};

const RUN = Date.now().toString(36);

interface OpenAiError {
  error: { message: string; type: string; param: string | null; code: string | null };
}

type Answer<T> = { status: number; headers: Headers; text: string; body: T };

describe('region policy end to end (registry, validator, gateway, mock provider)', () => {
  let registryUrl: string;
  let gatewayUrl: string;
  let mockUrl: string;
  let mockKey: string;
  let workspaceKey: string;
  let slug: string;
  const models: Record<string, ModelView> = {};

  const call = async <T>(method: string, url: string, token: string, body?: unknown): Promise<Answer<T>> => {
    const response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, body: (text ? JSON.parse(text) : {}) as T };
  };
  const registry = <T>(method: string, path: string, body?: unknown, token = workspaceKey) => call<T>(method, `${registryUrl}${path}`, token, body);
  const chat = (model: string, extra: Record<string, unknown> = {}, token = workspaceKey) =>
    call<OpenAiError & { model?: string }>('POST', `${gatewayUrl}/v1/chat/completions`, token, { model, messages: [{ role: 'user', content: 'Hello' }], ...extra });
  const invoke = (key: string, token = workspaceKey) => call<OpenAiError>('POST', `${gatewayUrl}/v2/deployments/invoke`, token, { key, inputs: { question: 'Where is my order?' } });
  const setRegions = (allowedRegions: string[] | null, token = workspaceKey) => registry<CurrentWorkspaceView & ErrorBody>('PATCH', '/v1/workspace', { allowedRegions }, token);
  const newKey = (label: string, allowedRegions?: string[]) => registry<CreatedApiKeyView & ErrorBody>('POST', '/v1/api-keys', { label, scopes: ['inference', 'models:read', 'usage:read'], ...(allowedRegions ? { allowedRegions } : {}) });

  const scenario = async (definition: Record<string, unknown>): Promise<void> => {
    const answer = await call('POST', `${mockUrl}/__mock/scenarios`, mockKey, definition);
    if (answer.status !== 201) throw new Error(`mock scenario ${answer.text}`);
  };

  const register = async (key: string, modelId: string, region: 'us' | 'eu'): Promise<ModelView> => {
    const answer = await registry<ModelView>('POST', '/v1/models?wait=30', { type: 'chat', baseUrl: `${mockUrl}/v1`, apiKey: mockKey, name: key, modelId, key, region });
    if (answer.body.status !== 'active') throw new Error(`registering ${key}: ${answer.status} ${answer.text}`);
    models[key] = answer.body;
    return answer.body;
  };

  const variant = (model: string, fallbacks: string[] = []) => ({
    key: 'main',
    model,
    messages: [{ role: 'user', content: 'Question: {{question}}' }],
    variables: [{ name: 'question' }],
    ...(fallbacks.length > 0 ? { fallbacks: fallbacks.map((m) => ({ model: m })) } : {}),
  });


  const expectRegionRefusal = (answer: Answer<OpenAiError>, region: string, allowed: string): void => {
    expect([answer.status, answer.body.error?.code, answer.body.error?.type]).toEqual([403, 'region_not_allowed', 'permission_error']);
    expect(answer.body.error.message).toContain(`is in region "${region}"`);
    expect(answer.body.error.message).toContain(`(${allowed})`);
  };

  beforeAll(async () => {
    registryUrl = env('E2E_REGISTRY_URL');
    gatewayUrl = env('E2E_GATEWAY_URL');
    mockUrl = env('E2E_MOCK_PROVIDER_URL');
    mockKey = env('E2E_MOCK_PROVIDER_API_KEY');
    slug = `reg-${RUN}`;
    const created = await call<CreateWorkspaceResponse>('POST', `${registryUrl}/v1/workspaces`, env('E2E_ADMIN_TOKEN'), { slug, name: 'Regions e2e' });
    if (created.status !== 201) throw new Error(`workspace: ${created.text}`);
    workspaceKey = created.body.apiKey.key;
    await scenario({ id: `reg-down-${RUN}`, base: 'mock-chat' });
    await Promise.all([register('eu-chat', 'mock-chat', 'eu'), register('eu-alt', 'mock-chat', 'eu'), register('eu-down', `reg-down-${RUN}`, 'eu'), register('us-chat', 'mock-chat', 'us')]);
    await scenario({ id: `reg-down-${RUN}`, base: 'mock-chat', failStatus: 503 });
  }, 120_000);

  it('before any policy, every region serves, and the workspace says so', async () => {
    const current = await registry<CurrentWorkspaceView>('GET', '/v1/workspace');
    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({ slug, allowedRegions: null, apiKey: { allowedRegions: null, effectiveRegions: null } });
    expect((await chat('us-chat')).status).toBe(200);
    expect((await chat('eu-chat')).status).toBe(200);
    // Published while every region was allowed; the gateway refuses it once the workspace is EU-only.
    const published = await registry<ErrorBody>('POST', '/v1/deployments', { key: `us-support-${RUN}`, variants: [variant('us-chat')] });
    expect(published.status).toBe(201);
  });

  it('an EU-only workspace cannot call a US model directly; the refusal names the region and the allowed ones', async () => {
    const bad = await setRegions(['apac']);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details?.map((d) => d.field)).toEqual(['allowedRegions']);
    const empty = await setRegions([]);
    expect(empty.status).toBe(400);

    const set = await setRegions(['eu']);
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ allowedRegions: ['eu'], apiKey: { effectiveRegions: ['eu'] } });

    // The gateway had this key cached with every region: WorkspaceRegionsChanged drops it.
    const refused = await eventually(async () => {
      const answer = await chat('us-chat');
      expect(answer.status).toBe(403);
      return answer;
    }, EVENTUALLY_MS);
    expectRegionRefusal(refused, 'us', '"eu"');
    expect(refused.body.error.message).toContain(`"us-chat"`);
    expect((await chat('eu-chat')).status).toBe(200);

    // The gateway's model list shows only what the key may use; a US model by name is refused the same way.
    const listed = await call<{ data: Array<{ id: string }> }>('GET', `${gatewayUrl}/v1/models`, workspaceKey);
    const ids = listed.body.data.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining([models['eu-chat']!.ref]));
    expect(ids).not.toContain(models['us-chat']!.ref);
    expectRegionRefusal(await call<OpenAiError>('GET', `${gatewayUrl}/v1/models/${encodeURIComponent(models['us-chat']!.ref)}`, workspaceKey), 'us', '"eu"');
  });

  it('public catalogue models carry their region and obey the same rule', async () => {
    const catalogue = await registry<{ data: ModelView[] }>('GET', '/v1/models?owner=public&limit=200');
    const openai = catalogue.body.data.find((m) => m.ref === 'openai/gpt-4.1-mini');
    const mistral = catalogue.body.data.find((m) => m.provider === 'mistral');
    expect([openai?.region, mistral?.region]).toEqual(['us', 'eu']);
    expectRegionRefusal(await chat('openai/gpt-4.1-mini'), 'us', '"eu"');
    // An EU public model is not refused for its region (it may still be unavailable without platform credentials).
    const eu = await chat(mistral!.ref);
    expect(eu.body.error?.code).not.toBe('region_not_allowed');
  });

  it('a US fallback is skipped, never used: the next allowed fallback serves, or the primary’s failure is answered', async () => {
    const served = await chat('eu-down', { retry: { count: 0 }, fallbacks: [{ model: 'us-chat' }, { model: 'eu-alt' }] });
    expect(served.status).toBe(200);
    expect(served.headers.get('x-model-garden-model')).toBe(models['eu-alt']!.ref);

    const onlyUs = await chat('eu-down', { retry: { count: 0 }, fallbacks: [{ model: 'us-chat' }] });
    expect(onlyUs.status).toBe(503);
    expect(onlyUs.headers.get('x-model-garden-model')).not.toBe(models['us-chat']!.ref);
  });

  it('a deployment variant on a US model is refused at the gateway (403) and at publish (422 naming the variant and fallback)', async () => {
    expectRegionRefusal(await invoke(`us-support-${RUN}`), 'us', '"eu"');

    const refused = await registry<ErrorBody>('POST', '/v1/deployments', { key: `eu-support-${RUN}`, variants: [variant('us-chat', ['eu-alt', 'openai/gpt-4.1-mini'])] });
    expect([refused.status, refused.body.error.code]).toEqual([422, 'deployment_not_publishable']);
    expect(refused.body.error.details?.map((d) => d.field)).toEqual(['variants[0].model', 'variants[0].fallbacks[1].model']);
    for (const detail of refused.body.error.details ?? []) expect(detail.message).toMatch(/is in region "us", outside the regions this API key may use \("eu"\)/);

    const republish = await registry<ErrorBody>('PUT', `/v1/deployments/us-support-${RUN}`, { variants: [variant('eu-chat', ['us-chat'])] });
    expect(republish.status).toBe(422);
    expect(republish.body.error.details?.map((d) => d.field)).toEqual(['variants[0].fallbacks[0].model']);

    const allowed = await registry<ErrorBody>('POST', '/v1/deployments', { key: `eu-support-${RUN}`, variants: [variant('eu-chat', ['eu-alt'])] });
    expect(allowed.status).toBe(201);
    expect((await invoke(`eu-support-${RUN}`)).status).toBe(200);
  });

  it('an experiment column on a US model, or on a deployment that routes to one, is refused when it is created, naming columns[i]', async () => {
    const dataset = await registry<DatasetView>('POST', '/v1/datasets', { name: 'Orders', datapoints: [{ inputs: { question: 'Where is my order?' } }] });
    expect(dataset.status).toBe(201);
    const columns = [
      { kind: 'model', name: 'EU', model: 'eu-chat', messages: [{ role: 'user', content: '{{question}}' }] },
      { kind: 'model', name: 'US', model: 'us-chat', messages: [{ role: 'user', content: '{{question}}' }] },
      { kind: 'deployment', name: 'US deployment', deployment: `us-support-${RUN}` },
      { kind: 'deployment', name: 'EU deployment', deployment: `eu-support-${RUN}` },
    ];
    const refused = await registry<ErrorBody>('POST', '/v1/experiments', { name: 'Regions', datasetId: dataset.body.id, columns });
    expect([refused.status, refused.body.error.code]).toEqual([422, 'region_not_allowed']);
    expect(refused.body.error.details?.map((d) => d.field)).toEqual(['columns[1].model', 'columns[2].deployment']);
    expect(refused.body.error.details?.[0]?.message).toContain('is in region "us"');
    expect(refused.body.error.details?.[1]?.message).toMatch(/variant "main" to model ".*us-chat" in region "us", outside the regions this API key may use \("eu"\)/);

    const allowed = await registry<ErrorBody>('POST', '/v1/experiments', { name: 'Regions', datasetId: dataset.body.id, columns: [columns[0], columns[3]] });
    expect(allowed.status).toBe(201);
  });

  it('an API key narrower than its workspace is narrower still, and can never be wider', async () => {
    const wider = await newKey('wider', ['eu', 'us']);
    expect([wider.status, wider.body.error?.code]).toEqual([422, 'region_not_allowed']);
    expect(wider.body.error.details).toEqual([{ field: 'allowedRegions', message: expect.stringContaining('"us", outside the regions the workspace may use ("eu")') }]);

    // Both regions for the workspace; a key for the EU only.
    expect((await setRegions(['eu', 'us'])).status).toBe(200);
    const euKey = await newKey('eu only', ['eu']);
    expect(euKey.status).toBe(201);
    expect(euKey.body.allowedRegions).toEqual(['eu']);
    const listed = await registry<{ data: ApiKeyView[] }>('GET', '/v1/api-keys');
    expect(listed.body.data.find((k) => k.id === euKey.body.id)?.allowedRegions).toEqual(['eu']);

    await eventually(async () => expect((await chat('us-chat')).status).toBe(200), EVENTUALLY_MS);
    expectRegionRefusal(await chat('us-chat', {}, euKey.body.key), 'us', '"eu"');
    expect((await chat('eu-chat', {}, euKey.body.key)).status).toBe(200);
    const own = await registry<CurrentWorkspaceView>('GET', '/v1/workspace', undefined, euKey.body.key);
    expect(own.body).toMatchObject({ allowedRegions: ['eu', 'us'], apiKey: { allowedRegions: ['eu'], effectiveRegions: ['eu'] } });

    // A US-only key in a workspace that becomes EU-only may use no region at all.
    const usKey = await newKey('us only', ['us']);
    expect(usKey.status).toBe(201);
    expect((await chat('us-chat', {}, usKey.body.key)).status).toBe(200);
    expect((await setRegions(['eu'])).status).toBe(200);
    // Before the change the key is refused the EU for its own setting ("us"); after it, the intersection is empty.
    const none = await eventually(async () => {
      const answer = await chat('us-chat', {}, usKey.body.key);
      expect(answer.status).toBe(403);
      return answer;
    }, EVENTUALLY_MS);
    expectRegionRefusal(none, 'us', 'none');
    expectRegionRefusal(await chat('eu-chat', {}, usKey.body.key), 'eu', 'none');

    // A key limited to the EU cannot widen the workspace.
    const widen = await setRegions(null, euKey.body.key);
    expect(widen.status).toBe(403); // it lacks api-keys:manage
    const manager = await registry<CreatedApiKeyView>('POST', '/v1/api-keys', { label: 'eu manager', scopes: ['api-keys:manage', 'models:read'], allowedRegions: ['eu'] });
    const widenByManager = await setRegions(null, manager.body.key);
    expect([widenByManager.status, widenByManager.body.error?.code, widenByManager.body.error?.details?.[0]?.field]).toEqual([422, 'region_not_allowed', 'allowedRegions']);
  });

  it('usage is recorded with the serving model’s region and grouped by region', async () => {
    const report = await eventually(async () => {
      const answer = await registry<UsageReport>('GET', '/v1/usage?groupBy=region');
      expect(answer.status).toBe(200);
      const byRegion = Object.fromEntries(answer.body.groups.map((g) => [g.key, g]));
      // US: three served (before the policy, after widening, the US-only key) and at least three refusals; EU: the calls above.
      // All of it inside the wait: usage arrives in batches, so six US records may not yet hold the last served call.
      expect(byRegion['us']?.requests).toBeGreaterThanOrEqual(6);
      expect(byRegion['us']?.errors).toBeGreaterThanOrEqual(3);
      expect((byRegion['us']?.requests ?? 0) - (byRegion['us']?.errors ?? 0)).toBeGreaterThanOrEqual(3);
      expect(byRegion['eu']?.requests).toBeGreaterThanOrEqual(7);
      return answer.body;
    }, EVENTUALLY_MS);
    expect(report.groupBy).toBe('region');
    expect(report.groups.map((g) => g.region)).toEqual(['eu', 'us']);
  });
});
