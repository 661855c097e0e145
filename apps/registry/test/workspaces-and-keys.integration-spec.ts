import { createHash } from 'node:crypto';
import {
  type ApiKeyRevokedData,
  type ApiKeyView,
  type CreatedApiKeyView,
  type CreateWorkspaceResponse,
  type CurrentWorkspaceView,
  type ErrorBody,
  EVENT_TYPES,
  type ModelView,
  TOPICS,
  type WorkspaceRegionsChangedData,
} from '@model-garden/contracts';
import { ADMIN_TOKEN, eventually, KafkaTap, type RegistryHarness, startRegistry, topicsReady } from './registry-harness';

/** Workspaces, workspace API keys, scopes, revocation and expiry, workspace isolation, and the HTTP surface. */
describe('workspaces and API keys', () => {
  let registry: RegistryHarness;
  let acme: CreateWorkspaceResponse;
  let globex: CreateWorkspaceResponse;
  const tap = new KafkaTap('keys');

  const modelBody = (extra: Record<string, unknown> = {}) => ({
    type: 'chat',
    baseUrl: 'http://127.0.0.1:9/v1',
    apiKey: 'sk-workspace-test-0001',
    name: 'Isolated',
    modelId: 'isolated-model',
    region: 'eu',
    ...extra,
  });

  async function issueKey(token: string, scopes: string[], extra: Record<string, unknown> = {}): Promise<CreatedApiKeyView> {
    const result = await registry.request<CreatedApiKeyView>('POST', '/v1/api-keys', { token, body: { label: `key ${scopes.join(' ')}`, scopes, ...extra } });
    expect(result.status).toBe(201);
    return result.body;
  }

  beforeAll(async () => {
    registry = await startRegistry('keys');
    acme = await registry.createWorkspace('acme');
    globex = await registry.createWorkspace('globex');
    await topicsReady(registry);
    await tap.listen([registry.topic(TOPICS.apiKeys)]);
  });

  afterAll(async () => {
    await tap.close();
    await registry?.close();
  });

  describe('POST /v1/workspaces', () => {
    it('needs the admin token', async () => {
      for (const token of [undefined, 'wrong-admin-token-0123456789', acme.apiKey.key]) {
        const result = await registry.request<ErrorBody>('POST', '/v1/workspaces', { token, body: { slug: 'nope', name: 'Nope' } });
        expect(result.status).toBe(401);
        expect(result.body.error.code).toBe('unauthorized');
      }
    });

    it('answers 201 with the workspace and its first key (every scope), shown once and stored as a hash', async () => {
      const result = await registry.request<CreateWorkspaceResponse>('POST', '/v1/workspaces', { token: ADMIN_TOKEN, body: { slug: 'initech', name: 'Initech' } });
      expect(result.status).toBe(201);
      expect(result.body.workspace).toEqual({ id: expect.any(String), slug: 'initech', name: 'Initech', publicModelsAccess: 'default', publicModelsEnabled: true, allowedRegions: null, createdAt: expect.any(String), updatedAt: expect.any(String) });
      expect(result.body.apiKey).toEqual({
        id: expect.any(String),
        workspaceId: result.body.workspace.id,
        label: 'default',
        prefix: expect.stringMatching(/^[a-z0-9]{12}$/),
        scopes: ['models:read', 'models:write', 'deployments:read', 'deployments:write', 'inference', 'usage:read', 'api-keys:manage', 'experiments:read', 'experiments:write', 'budgets:read', 'budgets:write'],
        allowedRegions: null,
        expiresAt: null,
        revokedAt: null,
        lastUsedAt: null,
        createdAt: expect.any(String),
        key: expect.stringMatching(/^mgk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/),
      });
      const key = result.body.apiKey.key;
      expect(key.startsWith(`mgk_${result.body.apiKey.prefix}_`)).toBe(true);
      const { rows } = await registry.db.query<Record<string, unknown>>('SELECT * FROM api_keys WHERE id = $1', [result.body.apiKey.id]);
      expect(rows[0]!['secret_hash']).toBe(createHash('sha256').update(key).digest('hex'));
      expect(JSON.stringify(rows[0])).not.toContain(key.slice(18));
      expect((await registry.request('GET', '/v1/models', { token: key })).status).toBe(200);
    });

    it('validates slug and name, refuses unknown fields, and answers a taken slug with 409 and a free one', async () => {
      const bad = await registry.request<ErrorBody>('POST', '/v1/workspaces', { token: ADMIN_TOKEN, body: { slug: 'Not A Slug', name: '', plan: 'gold' } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details?.map((d) => d.field).sort()).toEqual(['name', 'plan', 'slug']);
      const taken = await registry.request<ErrorBody>('POST', '/v1/workspaces', { token: ADMIN_TOKEN, body: { slug: 'acme', name: 'Again' } });
      expect(taken.status).toBe(409);
      expect(taken.body.error).toMatchObject({ code: 'conflict', suggestion: 'acme-2', details: [{ field: 'slug' }] });
    });
  });

  describe('/v1/api-keys', () => {
    it('creates a key shown once; lists and gets keys without secret or hash', async () => {
      const created = await issueKey(acme.apiKey.key, ['models:read', 'inference'], { expiresAt: '2099-01-01T00:00:00Z' });
      expect(created).toMatchObject({ scopes: ['models:read', 'inference'], expiresAt: '2099-01-01T00:00:00.000Z', workspaceId: acme.workspace.id });
      const list = await registry.request<{ data: ApiKeyView[] }>('GET', '/v1/api-keys', { token: acme.apiKey.key });
      expect(list.status).toBe(200);
      expect(list.body.data.map((k) => k.id)).toEqual(expect.arrayContaining([created.id, acme.apiKey.id]));
      expect(list.body.data.every((k) => k.workspaceId === acme.workspace.id)).toBe(true);
      expect(list.text).not.toContain(created.key);
      expect(list.text).not.toMatch(/secret|hash|"key":/i);
      const one = await registry.request<ApiKeyView>('GET', `/v1/api-keys/${created.id}`, { token: acme.apiKey.key });
      expect(one.body).toEqual({ ...created, key: undefined, lastUsedAt: null });
      expect(one.text).not.toContain(created.key);
    });

    it('validates the body and never grants a scope the caller lacks', async () => {
      const bad = await registry.request<ErrorBody>('POST', '/v1/api-keys', { token: acme.apiKey.key, body: { label: '', scopes: ['admin', 'inference', 'inference'], expiresAt: 'tomorrow' } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details?.map((d) => d.field).sort()).toEqual(['expiresAt', 'label', 'scopes']);
      const empty = await registry.request<ErrorBody>('POST', '/v1/api-keys', { token: acme.apiKey.key, body: { label: 'x', scopes: [] } });
      expect(empty.body.error.details?.map((d) => d.field)).toEqual(['scopes']);
      const past = await registry.request<ErrorBody>('POST', '/v1/api-keys', { token: acme.apiKey.key, body: { label: 'x', scopes: ['inference'], expiresAt: '2001-01-01T00:00:00Z' } });
      expect(past.status).toBe(400);
      expect(past.body.error.details?.map((d) => d.field)).toEqual(['expiresAt']);
      const manager = await issueKey(acme.apiKey.key, ['api-keys:manage', 'inference']);
      const escalation = await registry.request<ErrorBody>('POST', '/v1/api-keys', { token: manager.key, body: { label: 'x', scopes: ['models:write'] } });
      expect(escalation.status).toBe(403);
      expect(escalation.body.error.message).toContain('models:write');
    });

    it('enforces the scope of every route', async () => {
      const inference = await issueKey(acme.apiKey.key, ['inference']);
      const reader = await issueKey(acme.apiKey.key, ['models:read']);
      const model = await registry.request<ModelView>('POST', '/v1/models', { token: acme.apiKey.key, body: modelBody({ key: 'scoped' }) });
      const routes: [string, string, string, unknown?][] = [
        ['GET', '/v1/models', 'models:read'],
        ['GET', `/v1/models/${model.body.id}`, 'models:read'],
        ['POST', '/v1/models', 'models:write', modelBody()],
        ['PATCH', `/v1/models/${model.body.id}`, 'models:write', { name: 'x' }],
        ['PUT', `/v1/models/${model.body.id}/api-key`, 'models:write', { apiKey: 'sk-new-000000000000' }],
        ['POST', `/v1/models/${model.body.id}/validate`, 'models:write'],
        ['DELETE', `/v1/models/${model.body.id}`, 'models:write'],
        ['GET', '/v1/catalogue', 'models:read'],
        ['GET', '/v1/catalogue/openai/gpt-4o-mini', 'models:read'],
        ['PATCH', '/v1/catalogue/openai/gpt-4o-mini', 'models:write', { enabled: false }],
        ['GET', '/v1/usage', 'usage:read'],
        ['GET', '/v1/api-keys', 'api-keys:manage'],
        ['POST', '/v1/api-keys', 'api-keys:manage', { label: 'x', scopes: ['inference'] }],
        ['GET', `/v1/api-keys/${reader.id}`, 'api-keys:manage'],
        ['DELETE', `/v1/api-keys/${reader.id}`, 'api-keys:manage'],
        ['GET', '/v1/datasets', 'experiments:read'],
        ['POST', '/v1/datasets', 'experiments:write', { name: 'x' }],
        ['GET', '/v1/evaluators', 'experiments:read'],
        ['POST', '/v1/evaluators', 'experiments:write', { name: 'x', type: 'valid_json' }],
        ['GET', '/v1/experiments', 'experiments:read'],
        ['POST', `/v1/experiments/${reader.id}/runs`, 'experiments:write'],
      ];
      for (const [method, path, scope, body] of routes) {
        const denied = await registry.request<ErrorBody>(method, path, { token: inference.key, body });
        expect([method, path, denied.status]).toEqual([method, path, 403]);
        expect(denied.body.error).toEqual({ code: 'forbidden', message: `This API key lacks the scope "${scope}" that this route requires.` });
        for (const token of [undefined, 'not-a-key', `mgk_aaaaaaaaaaaa_${'a'.repeat(43)}`]) {
          const anonymous = await registry.request<ErrorBody>(method, path, { token, body });
          expect([method, path, anonymous.status]).toEqual([method, path, 401]);
        }
      }
      expect((await registry.request('GET', '/v1/models', { token: reader.key })).status).toBe(200);
      expect((await registry.request('POST', '/v1/models', { token: reader.key, body: modelBody() })).status).toBe(403);
    });

    it('revokes a key at once and publishes ApiKeyRevoked through the outbox', async () => {
      const doomed = await issueKey(acme.apiKey.key, ['models:read']);
      expect((await registry.request('GET', '/v1/models', { token: doomed.key })).status).toBe(200);
      const revoked = await registry.request('DELETE', `/v1/api-keys/${doomed.id}`, { token: acme.apiKey.key });
      expect(revoked.status).toBe(204);
      const refused = await registry.request<ErrorBody>('GET', '/v1/models', { token: doomed.key });
      expect(refused.status).toBe(401);
      expect(refused.body.error.code).toBe('unauthorized');
      const [event] = await tap.waitFor((e) => e.type === EVENT_TYPES.apiKeyRevoked && e.subject === doomed.id);
      expect(event!.data as ApiKeyRevokedData).toEqual({ apiKeyId: doomed.id, workspaceId: acme.workspace.id, prefix: doomed.prefix });
      expect(JSON.stringify(event)).not.toContain(doomed.key);
      const listed = await registry.request<ApiKeyView>('GET', `/v1/api-keys/${doomed.id}`, { token: acme.apiKey.key });
      expect(listed.body.revokedAt).toEqual(expect.any(String));
      // Revoking again changes nothing and publishes nothing more.
      expect((await registry.request('DELETE', `/v1/api-keys/${doomed.id}`, { token: acme.apiKey.key })).status).toBe(204);
      const { rows } = await registry.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE message_key = $1`, [doomed.id]);
      expect(rows[0]!.n).toBe(1);
    });

    it('refuses an expired key as soon as it expires', async () => {
      const shortLived = await issueKey(acme.apiKey.key, ['models:read'], { expiresAt: new Date(Date.now() + 1_500).toISOString() });
      expect((await registry.request('GET', '/v1/models', { token: shortLived.key })).status).toBe(200);
      const refusedAt = await eventually(async () => ((await registry.request('GET', '/v1/models', { token: shortLived.key })).status === 401 ? Date.now() : undefined), 5_000);
      expect(refusedAt).toBeGreaterThanOrEqual(new Date(shortLived.expiresAt!).getTime());
    });
  });

  describe('/v1/workspace: the region policy', () => {
    it('shows the policy, changes it with api-keys:manage only, checks the list, and publishes WorkspaceRegionsChanged through the outbox', async () => {
      const umbrella = await registry.createWorkspace('umbrella');
      const token = umbrella.apiKey.key;
      const before = await registry.request<CurrentWorkspaceView>('GET', '/v1/workspace', { token });
      expect(before.body).toMatchObject({ id: umbrella.workspace.id, slug: 'umbrella', allowedRegions: null, apiKey: { id: umbrella.apiKey.id, allowedRegions: null, effectiveRegions: null } });

      const reader = await issueKey(token, ['models:read']);
      expect((await registry.request('GET', '/v1/workspace', { token: reader.key })).status).toBe(200);
      expect((await registry.request('PATCH', '/v1/workspace', { token: reader.key, body: { allowedRegions: ['eu'] } })).status).toBe(403);
      for (const body of [{}, { allowedRegions: [] }, { allowedRegions: ['eu', 'eu'] }, { allowedRegions: ['apac'] }, { allowedRegions: 'eu' }]) {
        const bad = await registry.request<ErrorBody>('PATCH', '/v1/workspace', { token, body });
        expect([bad.status, bad.body.error.details?.map((d) => d.field)]).toEqual([400, ['allowedRegions']]);
      }

      const set = await registry.request<CurrentWorkspaceView>('PATCH', '/v1/workspace', { token, body: { allowedRegions: ['eu'] } });
      expect(set.status).toBe(200);
      expect(set.body).toMatchObject({ allowedRegions: ['eu'], apiKey: { allowedRegions: null, effectiveRegions: ['eu'] } });
      const [event] = await tap.waitFor((e) => e.type === EVENT_TYPES.workspaceRegionsChanged && e.subject === umbrella.workspace.id);
      expect(event!.data as WorkspaceRegionsChangedData).toEqual({ workspaceId: umbrella.workspace.id, allowedRegions: ['eu'] });

      // A key may narrow the workspace's regions, never widen them.
      const wider = await registry.request<ErrorBody>('POST', '/v1/api-keys', { token, body: { label: 'x', scopes: ['inference'], allowedRegions: ['us'] } });
      expect([wider.status, wider.body.error.code, wider.body.error.details?.[0]?.field]).toEqual([422, 'region_not_allowed', 'allowedRegions']);
      expect(wider.body.error.message).toContain('"us", outside the regions the workspace may use ("eu")');
      const narrow = await issueKey(token, ['inference', 'models:read'], { allowedRegions: ['eu'] });
      expect(narrow.allowedRegions).toEqual(['eu']);

      const cleared = await registry.request<CurrentWorkspaceView>('PATCH', '/v1/workspace', { token, body: { allowedRegions: null } });
      expect(cleared.body).toMatchObject({ allowedRegions: null, apiKey: { effectiveRegions: null } });
      expect((await registry.request<CurrentWorkspaceView>('GET', '/v1/workspace', { token: narrow.key })).body.apiKey).toEqual({ id: narrow.id, allowedRegions: ['eu'], effectiveRegions: ['eu'] });
    });
  });

  describe('workspace isolation', () => {
    it("answers another workspace's model and key with the same 404 as a missing one, on every route", async () => {
      const model = await registry.request<ModelView>('POST', '/v1/models', { token: acme.apiKey.key, body: modelBody({ key: 'acme-only' }) });
      expect(model.status).toBe(202);
      const acmeKey = await issueKey(acme.apiKey.key, ['inference']);
      const missingId = '6f9619ff-8b86-4d11-b42d-00c04fc964ff';
      const attempts: [string, (id: string) => string, unknown?][] = [
        ['GET', (id) => `/v1/models/${id}`],
        ['PATCH', (id) => `/v1/models/${id}`, { name: 'hijacked' }],
        ['PUT', (id) => `/v1/models/${id}/api-key`, { apiKey: 'sk-hijack-0000000000' }],
        ['POST', (id) => `/v1/models/${id}/validate`],
        ['DELETE', (id) => `/v1/models/${id}`],
      ];
      for (const [method, path, body] of attempts) {
        const foreign = await registry.request<ErrorBody>(method, path(model.body.id), { token: globex.apiKey.key, body });
        const missing = await registry.request<ErrorBody>(method, path(missingId), { token: globex.apiKey.key, body });
        expect([method, foreign.status]).toEqual([method, 404]);
        expect(foreign.text).toBe(missing.text);
        const byRef = await registry.request<ErrorBody>(method, path(encodeURIComponent('acme@openailike/acme-only')), { token: globex.apiKey.key, body });
        expect(byRef.status).toBe(404);
        const byKey = await registry.request<ErrorBody>(method, path('acme-only'), { token: globex.apiKey.key, body });
        expect(byKey.text).toBe(missing.text);
      }
      for (const method of ['GET', 'DELETE']) {
        const foreign = await registry.request<ErrorBody>(method, `/v1/api-keys/${acmeKey.id}`, { token: globex.apiKey.key });
        const missing = await registry.request<ErrorBody>(method, `/v1/api-keys/${missingId}`, { token: globex.apiKey.key });
        expect(foreign.status).toBe(404);
        expect(foreign.text).toBe(missing.text);
      }
      const globexList = await registry.request<{ data: ModelView[] }>('GET', '/v1/models?owner=private', { token: globex.apiKey.key });
      expect(globexList.body.data.map((m) => m.id)).not.toContain(model.body.id);
      const globexKeys = await registry.request<{ data: ApiKeyView[] }>('GET', '/v1/api-keys', { token: globex.apiKey.key });
      expect(globexKeys.body.data.map((k) => k.id)).toEqual([globex.apiKey.id]);
      // Nothing of acme's changed.
      const after = await registry.request<ModelView>('GET', `/v1/models/${model.body.id}`, { token: acme.apiKey.key });
      expect(after.body).toEqual(model.body);
      expect((await registry.request('GET', '/v1/models', { token: acmeKey.key })).status).toBe(403);
    });

    it('a workspace may reuse a model key another workspace uses', async () => {
      const result = await registry.request<ModelView>('POST', '/v1/models', { token: globex.apiKey.key, body: modelBody({ key: 'acme-only' }) });
      expect(result.status).toBe(202);
      expect(result.body.ref).toBe('globex@openailike/acme-only');
    });
  });

  describe('HTTP surface', () => {
    it('serves Swagger UI at /docs and the OpenAPI document generated from the DTOs at /docs-json', async () => {
      const ui = await registry.request('GET', '/docs');
      expect(ui.status).toBe(200);
      expect(ui.headers.get('content-type')).toContain('text/html');
      expect(ui.text).toContain('swagger-ui');
      expect((await fetch(`${registry.url}/docs/swagger-ui-bundle.js`)).status).toBe(200);
      const doc = await registry.request<{ paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, { properties: Record<string, unknown>; required?: string[] }> } }>('GET', '/docs-json');
      expect(doc.status).toBe(200);
      expect(Object.keys(doc.body.paths)).toEqual(
        expect.arrayContaining(['/v1/workspaces', '/v1/api-keys', '/v1/api-keys/{id}', '/v1/models', '/v1/models/{id}', '/v1/models/{id}/api-key', '/v1/models/{id}/validate', '/v1/catalogue', '/v1/catalogue/{provider}/{key}', '/v1/usage']),
      );
      expect(Object.keys(doc.body.paths['/v1/models/{id}']!).sort()).toEqual(['delete', 'get', 'patch']);
      // The probes are served, but they are not the API.
      expect((await registry.request('GET', '/health/live')).status).toBe(200);
      expect(Object.keys(doc.body.paths).filter((path) => path.startsWith('/health'))).toEqual([]);
      const create = doc.body.components.schemas['CreateModelDto']!;
      expect(Object.keys(create.properties)).toEqual(expect.arrayContaining(['type', 'baseUrl', 'apiKey', 'name', 'modelId', 'key', 'region', 'description', 'maxTokens', 'temperature', 'pricing']));
      expect(create.required?.sort()).toEqual(['apiKey', 'baseUrl', 'modelId', 'name', 'region', 'type']);
      expect(doc.body.components.schemas['ModelResponseDto']!.properties).not.toHaveProperty('apiKey');
      // The live validation progress and the suggestion beside a check's message are documented.
      expect(doc.body.components.schemas['ModelResponseDto']!.properties).toHaveProperty('progress');
      expect(Object.keys(doc.body.components.schemas['ValidationProgressDto']!.properties).sort()).toEqual(['attempt', 'checks', 'maxAttempts', 'nextAttemptAt', 'revision', 'sequence', 'updatedAt']);
      expect(doc.body.components.schemas['CheckResultDto']!.properties).toHaveProperty('suggestion');
      expect(doc.body.components.schemas['CheckProgressDto']!.properties).toHaveProperty('suggestion');
      expect(Object.keys(doc.body.components.schemas['CheckSuggestionDto']!.properties).sort()).toEqual(['field', 'message', 'value']);
      expect(doc.body.components.schemas['CreateWorkspaceResponseDto']!.properties).toHaveProperty('apiKey');
      expect(Object.keys(doc.body.paths['/v1/workspace']!).sort()).toEqual(['get', 'patch']);
      expect(doc.body.components.schemas['UpdateWorkspaceSettingsDto']!.required).toEqual(['allowedRegions']);
      expect(doc.body.components.schemas['CreateApiKeyDto']!.properties).toHaveProperty('allowedRegions');
      expect(doc.body.components.schemas['CurrentWorkspaceResponseDto']!.properties).toHaveProperty('apiKey');
    });

    it('reports liveness, readiness (database, Kafka) and Prometheus metrics, and echoes x-request-id', async () => {
      expect((await registry.request('GET', '/health/live')).body).toEqual({ status: 'ok' });
      // The public port: a bare status, no metrics.
      expect((await registry.request('GET', '/health/ready')).body).toEqual({ status: 'ok' });
      expect((await registry.request('GET', '/metrics')).status).toBe(404);
      // The internal listener: each dependency, and the metrics.
      const ready = await registry.request<{ status: string; checks: Record<string, { status: string }> }>('GET', '/health/ready', { internal: true });
      expect(ready.status).toBe(200);
      expect(ready.body.checks['database']!.status).toBe('up');
      expect(ready.body.checks['kafka']!.status).toBe('up');
      const metrics = await registry.request('GET', '/metrics', { internal: true });
      expect(metrics.text).toContain('model_garden_http_requests_total');
      expect(metrics.text).toContain('model_garden_outbox_published_total');
      const traced = await registry.request('GET', '/v1/models', { token: acme.apiKey.key, headers: { 'x-request-id': 'trace-registry-1' } });
      expect(traced.headers.get('x-request-id')).toBe('trace-registry-1');
    });

    it('answers unknown routes and bad methods in the error shape, never with a stack trace', async () => {
      const unknown = await registry.request<ErrorBody>('GET', '/v1/nothing-here', { token: acme.apiKey.key });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe('not_found');
      const wrongType = await registry.request<ErrorBody>('POST', '/v1/models', { token: acme.apiKey.key, rawBody: 'type=chat', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect([400, 415]).toContain(wrongType.status);
      expect(wrongType.body.error.code).toMatch(/validation_failed|unsupported_media_type/);
      for (const result of [unknown, wrongType]) expect(result.text).not.toMatch(/\.(ts|js):\d+|node_modules|stack/);
    });
  });
});
