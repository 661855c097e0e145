import { randomUUID } from 'node:crypto';
import { API_KEY_SCOPES, type ApiKeyScope, type ModelView } from '@model-garden/contracts';
import { bearer, closeHttp, http, type HttpResponse } from './support/http';
import { sleep } from './support/infra';
import {
  chat,
  chatModelBody,
  createActiveModel,
  createApiKey,
  createWorkspace,
  GATEWAY,
  recordFigure,
  REGISTRY,
  waitFor,
  type Workspace,
} from './support/stack-client';

afterAll(closeHttp);

interface Route {
  method: string;
  /** `{id}` is replaced by the target. */
  path: string;
  scope: ApiKeyScope;
  body?: object;
}

/** Every route of the registry's REST API with a workspace key, and the scope each needs. The test below checks this list against the OpenAPI document. */
const REGISTRY_ROUTES: Route[] = [
  { method: 'GET', path: '/v1/models', scope: 'models:read' },
  { method: 'POST', path: '/v1/models', scope: 'models:write', body: {} },
  { method: 'GET', path: '/v1/models/{id}', scope: 'models:read' },
  { method: 'PATCH', path: '/v1/models/{id}', scope: 'models:write', body: { name: 'renamed by another workspace' } },
  { method: 'DELETE', path: '/v1/models/{id}', scope: 'models:write' },
  { method: 'PUT', path: '/v1/models/{id}/api-key', scope: 'models:write', body: { apiKey: 'sk-rel-isolation-0000' } },
  { method: 'POST', path: '/v1/models/{id}/validate', scope: 'models:write' },
  { method: 'GET', path: '/v1/catalogue', scope: 'models:read' },
  { method: 'GET', path: '/v1/catalogue/{id}', scope: 'models:read' },
  { method: 'PATCH', path: '/v1/catalogue/{id}', scope: 'models:write', body: { enabled: false } },
  { method: 'GET', path: '/v1/deployments', scope: 'deployments:read' },
  { method: 'POST', path: '/v1/deployments', scope: 'deployments:write', body: {} },
  { method: 'GET', path: '/v1/deployments/{id}', scope: 'deployments:read' },
  { method: 'PUT', path: '/v1/deployments/{id}', scope: 'deployments:write', body: { variants: [{ key: 'a', model: 'x', messages: [{ role: 'user', content: 'hi' }] }] } },
  { method: 'DELETE', path: '/v1/deployments/{id}', scope: 'deployments:write' },
  { method: 'GET', path: '/v1/deployments/{id}/versions', scope: 'deployments:read' },
  { method: 'GET', path: '/v1/deployments/{id}/versions/{version}', scope: 'deployments:read' },
  { method: 'POST', path: '/v1/deployments/{id}/versions/{version}/restore', scope: 'deployments:write', body: {} },
  { method: 'POST', path: '/v1/deployments/{id}/cache/invalidate', scope: 'deployments:write' },
  { method: 'GET', path: '/v1/usage', scope: 'usage:read' },
  { method: 'GET', path: '/v1/usage/requests', scope: 'usage:read' },
  { method: 'GET', path: '/v1/cache/summary', scope: 'usage:read' },
  { method: 'GET', path: '/v1/workspace', scope: 'models:read' },
  { method: 'PATCH', path: '/v1/workspace', scope: 'api-keys:manage', body: { allowedRegions: null } },
  { method: 'POST', path: '/v1/budgets', scope: 'budgets:write', body: {} },
  { method: 'GET', path: '/v1/budgets', scope: 'budgets:read' },
  { method: 'GET', path: '/v1/budgets/alerts', scope: 'budgets:read' },
  { method: 'GET', path: '/v1/budgets/{id}', scope: 'budgets:read' },
  { method: 'PATCH', path: '/v1/budgets/{id}', scope: 'budgets:write', body: { name: 'renamed by another workspace' } },
  { method: 'DELETE', path: '/v1/budgets/{id}', scope: 'budgets:write' },
  { method: 'POST', path: '/v1/budgets/{id}/reset', scope: 'budgets:write' },
  { method: 'POST', path: '/v1/api-keys', scope: 'api-keys:manage', body: { label: 'x', scopes: ['models:read'] } },
  { method: 'GET', path: '/v1/api-keys', scope: 'api-keys:manage' },
  { method: 'GET', path: '/v1/api-keys/{id}', scope: 'api-keys:manage' },
  { method: 'DELETE', path: '/v1/api-keys/{id}', scope: 'api-keys:manage' },
  { method: 'GET', path: '/v1/datasets', scope: 'experiments:read' },
  { method: 'POST', path: '/v1/datasets', scope: 'experiments:write', body: { name: 'x' } },
  { method: 'GET', path: '/v1/datasets/{id}', scope: 'experiments:read' },
  { method: 'PATCH', path: '/v1/datasets/{id}', scope: 'experiments:write', body: { name: 'renamed by another workspace' } },
  { method: 'DELETE', path: '/v1/datasets/{id}', scope: 'experiments:write' },
  { method: 'GET', path: '/v1/datasets/{id}/datapoints', scope: 'experiments:read' },
  { method: 'POST', path: '/v1/datasets/{id}/datapoints', scope: 'experiments:write', body: { datapoints: [{ inputs: { a: '1' } }] } },
  { method: 'PUT', path: '/v1/datasets/{id}/datapoints/{datapointId}', scope: 'experiments:write', body: { inputs: { a: '2' } } },
  { method: 'DELETE', path: '/v1/datasets/{id}/datapoints/{datapointId}', scope: 'experiments:write' },
  { method: 'POST', path: '/v1/datasets/{id}/import', scope: 'experiments:write' },
  { method: 'GET', path: '/v1/datasets/{id}/export', scope: 'experiments:read' },
  { method: 'GET', path: '/v1/evaluators', scope: 'experiments:read' },
  { method: 'POST', path: '/v1/evaluators', scope: 'experiments:write', body: { name: 'x', type: 'valid_json' } },
  { method: 'GET', path: '/v1/evaluators/{id}', scope: 'experiments:read' },
  { method: 'PATCH', path: '/v1/evaluators/{id}', scope: 'experiments:write', body: { name: 'renamed by another workspace' } },
  { method: 'DELETE', path: '/v1/evaluators/{id}', scope: 'experiments:write' },
  { method: 'GET', path: '/v1/experiments', scope: 'experiments:read' },
  { method: 'POST', path: '/v1/experiments', scope: 'experiments:write', body: {} },
  { method: 'GET', path: '/v1/experiments/{id}', scope: 'experiments:read' },
  { method: 'PATCH', path: '/v1/experiments/{id}', scope: 'experiments:write', body: { name: 'renamed by another workspace' } },
  { method: 'DELETE', path: '/v1/experiments/{id}', scope: 'experiments:write' },
  { method: 'POST', path: '/v1/experiments/{id}/runs', scope: 'experiments:write' },
  { method: 'GET', path: '/v1/experiments/{id}/runs', scope: 'experiments:read' },
  { method: 'GET', path: '/v1/experiments/{id}/runs/{runId}', scope: 'experiments:read' },
  { method: 'GET', path: '/v1/experiments/{id}/runs/{runId}/cells', scope: 'experiments:read' },
  { method: 'POST', path: '/v1/experiments/{id}/runs/{runId}/cancel', scope: 'experiments:write' },
  { method: 'POST', path: '/v1/experiments/{id}/runs/{runId}/rerun', scope: 'experiments:write', body: { scope: 'failed' } },
  { method: 'GET', path: '/v1/experiments/{id}/runs/{runId}/compare', scope: 'experiments:read' },
  { method: 'GET', path: '/v1/experiments/{id}/runs/{runId}/export', scope: 'experiments:read' },
];

/** B's experiment things, for the isolation matrix of the experiment routes. */
interface ExperimentIds {
  dataset: string;
  datapoint: string;
  evaluator: string;
  experiment: string;
  run: string;
}

/** The other path parameters of a route, filled with B's ids (or made-up ones). */
function withParams(route: Route, ids: { datapoint: string; run: string }): Route {
  const query = route.path.endsWith('/compare') ? `?baseline=${ids.run}` : route.path.endsWith('/export') ? '?format=jsonl' : route.path.endsWith('/import') ? '?format=jsonl' : '';
  return { ...route, path: `${route.path.replace('{datapointId}', ids.datapoint).replace('{runId}', ids.run)}${query}` };
}

/** The gateway's routes; all need `inference`. A deployment key that is B's model ref or id must answer like a missing one; B's own deployments are checked in apps/gateway/test/deployments.e2e-spec. */
const GATEWAY_ROUTES = [
  { method: 'POST', path: '/v1/chat/completions', body: (model: string) => ({ model, messages: [{ role: 'user', content: 'hi' }] }) },
  { method: 'POST', path: '/v1/completions', body: (model: string) => ({ model, prompt: 'hi' }) },
  { method: 'POST', path: '/v1/embeddings', body: (model: string) => ({ model, input: 'hi' }) },
  { method: 'POST', path: '/v1/images/generations', body: (model: string) => ({ model, prompt: 'hi' }) },
  { method: 'GET', path: '/v1/models/{id}' },
  { method: 'GET', path: '/v1/models' },
  { method: 'POST', path: '/v2/deployments/invoke', body: (key: string) => ({ key, inputs: {} }) },
  { method: 'POST', path: '/v2/deployments/stream', body: (key: string) => ({ key, inputs: {} }) },
  { method: 'POST', path: '/v2/deployments/get_config', body: (key: string) => ({ key, inputs: {} }) },
  { method: 'GET', path: '/v2/deployments' },
];

/** An answer with the target's own spelling replaced, so "theirs" and "missing" compare equal when they are the same answer. */
function normalized(response: HttpResponse, target: string): { status: number; body: string } {
  const body = response.text.split(target).join('<target>').split(encodeURIComponent(target)).join('<target>');
  return { status: response.status, body: body.replace(/"x-request-id":"[^"]*"/g, '') };
}

async function call(base: string, route: { method: string; path: string }, key: string, target: string, body?: object): Promise<HttpResponse> {
  // Catalogue ids are `<provider>/<key>`: two path segments.
  const id = route.path.startsWith('/v1/catalogue') ? target : encodeURIComponent(target);
  return http(`${base}${route.path.replace('{id}', id)}`, { method: route.method, headers: bearer(key), ...(body ? { body } : {}) });
}

/**
 * DESIGN "every query is scoped by workspace; another workspace's model is a 404, not
 * a 403", scopes on every route, revocation and expiry that take effect at once.
 */
describe('workspace isolation', () => {
  let a: Workspace;
  let b: Workspace;
  let bModel: ModelView;
  let bKeyId: string;
  let bExperiment: ExperimentIds;
  let bBudget: string;

  beforeAll(async () => {
    [a, b] = await Promise.all([createWorkspace('iso-a'), createWorkspace('iso-b')]);
    await createActiveModel(a, chatModelBody({ key: 'shared-name' }));
    bModel = await createActiveModel(b, chatModelBody({ key: 'shared-name', name: 'B private model' }));
    bKeyId = (await createApiKey(b, ['models:read'])).id;
    expect((await chat(b.key, bModel.ref)).status).toBe(200);
    const dataset = (await http(`${REGISTRY}/v1/datasets`, { headers: bearer(b.key), body: { name: 'B dataset', datapoints: [{ inputs: { q: 'secret row' } }] } })).json as { id: string };
    const points = (await http(`${REGISTRY}/v1/datasets/${dataset.id}/datapoints`, { headers: bearer(b.key) })).json as { data: Array<{ id: string }> };
    const evaluator = (await http(`${REGISTRY}/v1/evaluators`, { headers: bearer(b.key), body: { name: 'B evaluator', type: 'valid_json' } })).json as { id: string };
    const experiment = (await http(`${REGISTRY}/v1/experiments`, {
      headers: bearer(b.key),
      body: { name: 'B experiment', datasetId: dataset.id, columns: [{ kind: 'model', name: 'B', model: bModel.ref, messages: [{ role: 'user', content: '{{q}}' }] }], evaluatorIds: [evaluator.id] },
    })).json as { id: string };
    const run = (await http(`${REGISTRY}/v1/experiments/${experiment.id}/runs`, { method: 'POST', headers: bearer(b.key) })).json as { id: string };
    bExperiment = { dataset: dataset.id, datapoint: points.data[0]!.id, evaluator: evaluator.id, experiment: experiment.id, run: run.id };
    bBudget = ((await http(`${REGISTRY}/v1/budgets`, { headers: bearer(b.key), body: { name: 'B budget', scope: { kind: 'workspace' }, period: 'daily', limits: { amount: 1 } } })).json as { id: string }).id;
  });

  it('covers every route of the registry OpenAPI document', async () => {
    const document = (await http(`${REGISTRY}/docs-json`)).json as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m)).map((m) => `${m.toUpperCase()} ${path.replace(/\{[^}]+\}(\/\{[^}]+\})?/, '{id}')}`),
    );
    // The admin routes (ADMIN_TOKEN, never a workspace key) are checked below.
    const covered = new Set([...REGISTRY_ROUTES.map((r) => `${r.method} ${r.path}`), 'POST /v1/workspaces', 'PATCH /v1/workspaces/{id}']);
    expect(documented.filter((route) => !covered.has(route))).toEqual([]);
  });

  it("registry: another workspace's models and keys answer exactly like ones that do not exist", async () => {
    const matrix: Array<{ route: Route; theirs: string; missing: string }> = [];
    for (const route of REGISTRY_ROUTES.filter((r) => r.path.includes('{id}'))) {
      if (route.path.startsWith('/v1/api-keys')) matrix.push({ route, theirs: bKeyId, missing: randomUUID() });
      else if (route.path.startsWith('/v1/catalogue')) continue;
      else if (route.path.startsWith('/v1/datasets')) matrix.push({ route: withParams(route, { datapoint: bExperiment.datapoint, run: '' }), theirs: bExperiment.dataset, missing: randomUUID() });
      else if (route.path.startsWith('/v1/evaluators')) matrix.push({ route, theirs: bExperiment.evaluator, missing: randomUUID() });
      else if (route.path.startsWith('/v1/budgets')) matrix.push({ route, theirs: bBudget, missing: randomUUID() });
      else if (route.path.startsWith('/v1/experiments')) matrix.push({ route: withParams(route, { datapoint: '', run: bExperiment.run }), theirs: bExperiment.experiment, missing: randomUUID() });
      else {
        // By id, by ref and by key (B's key "shared-name" also exists in A: the ref is what must not cross).
        matrix.push({ route, theirs: bModel.id, missing: randomUUID() });
        matrix.push({ route, theirs: bModel.ref, missing: `${b.slug}@openailike/no-such-model` });
      }
    }
    for (const { route, theirs, missing } of matrix) {
      const forTheirs = normalized(await call(REGISTRY, route, a.key, theirs, route.body), theirs);
      const forMissing = normalized(await call(REGISTRY, route, a.key, missing, route.body), missing);
      expect({ route: `${route.method} ${route.path}`, ...forTheirs }).toEqual({ route: `${route.method} ${route.path}`, ...forMissing });
    }
    // Listings and usage never show B's things.
    const listed = (await call(REGISTRY, { method: 'GET', path: '/v1/models?owner=private' }, a.key, '')).json as { data: ModelView[] };
    expect(listed.data.map((m) => m.id)).not.toContain(bModel.id);
    const keys = (await call(REGISTRY, { method: 'GET', path: '/v1/api-keys' }, a.key, '')).json as { data: Array<{ id: string }> };
    expect(keys.data.map((k) => k.id)).not.toContain(bKeyId);
    const usage = await call(REGISTRY, { method: 'GET', path: `/v1/usage?groupBy=model` }, a.key, '');
    expect(usage.text).not.toContain(bModel.ref);
    // And B's things are untouched by A's attempts.
    const still = (await call(REGISTRY, { method: 'GET', path: '/v1/models/{id}' }, b.key, bModel.id)).json as ModelView;
    expect(still).toMatchObject({ name: 'B private model', revision: bModel.revision, status: 'active' });
    expect((await call(REGISTRY, { method: 'GET', path: '/v1/api-keys/{id}' }, b.key, bKeyId)).status).toBe(200);
    for (const path of ['/v1/datasets', '/v1/experiments']) expect((await call(REGISTRY, { method: 'GET', path }, a.key, '')).text).not.toContain('B ');
    const bRun = (await call(REGISTRY, { method: 'GET', path: `/v1/experiments/{id}/runs/${bExperiment.run}` }, b.key, bExperiment.experiment)).json as { status: string };
    expect(['queued', 'running', 'completed']).toContain(bRun.status);
    expect(((await call(REGISTRY, { method: 'GET', path: '/v1/datasets/{id}' }, b.key, bExperiment.dataset)).json as { name: string }).name).toBe('B dataset');
    expect(((await call(REGISTRY, { method: 'GET', path: '/v1/budgets/{id}' }, b.key, bBudget)).json as { name: string }).name).toBe('B budget');
    expect((await call(REGISTRY, { method: 'GET', path: '/v1/budgets' }, a.key, '')).text).not.toContain(bBudget);
    recordFigure('isolation.registry-pairs', matrix.length);
  });

  it("gateway: another workspace's models answer exactly like ones that do not exist", async () => {
    let pairs = 0;
    for (const route of GATEWAY_ROUTES) {
      for (const [theirs, missing] of [
        [bModel.ref, `${b.slug}@openailike/no-such-model`],
        [bModel.id, randomUUID()],
      ] as const) {
        if (route.path === '/v1/models' || route.path === '/v2/deployments') continue;
        const answer = async (target: string): Promise<HttpResponse> =>
          route.method === 'GET' ? call(GATEWAY, route, a.key, target) : http(`${GATEWAY}${route.path}`, { body: route.body!(target), headers: bearer(a.key) });
        expect({ route: route.path, ...normalized(await answer(theirs), theirs) }).toEqual({ route: route.path, ...normalized(await answer(missing), missing) });
        pairs += 1;
      }
    }
    // As a fallback either.
    const viaFallback = await chat(a.key, `${a.slug}@openailike/no-such-model`, { fallbacks: [{ model: bModel.ref }] });
    expect(viaFallback.status).toBe(404);
    const listed = (await http(`${GATEWAY}/v1/models`, { headers: bearer(a.key) })).json as { data: Array<{ id: string }> };
    expect(listed.data.map((m) => m.id)).not.toContain(bModel.ref);
    recordFigure('isolation.gateway-pairs', pairs + 1);
  });
});

describe('API keys', () => {
  it('scopes are enforced on every registry and gateway route', async () => {
    const ws = await createWorkspace('scopes');
    const model = await createActiveModel(ws, chatModelBody({ key: 'scoped' }));
    let checks = 0;
    for (const scope of API_KEY_SCOPES) {
      const others = API_KEY_SCOPES.filter((s) => s !== scope);
      const key = (await createApiKey(ws, others as ApiKeyScope[])).key;
      for (const route of REGISTRY_ROUTES.filter((r) => r.scope === scope)) {
        const response = await call(REGISTRY, route, key, route.path.includes('catalogue') ? 'openai/gpt-4o-mini' : model.id, route.body);
        expect({ route: `${route.method} ${route.path}`, scope, status: response.status }).toEqual({ route: `${route.method} ${route.path}`, scope, status: 403 });
        checks += 1;
      }
      if (scope === 'inference') {
        for (const route of GATEWAY_ROUTES) {
          const response = route.method === 'GET' ? await call(GATEWAY, route, key, model.ref) : await http(`${GATEWAY}${route.path}`, { body: route.body!(model.ref), headers: bearer(key) });
          expect({ route: route.path, status: response.status }).toEqual({ route: route.path, status: 403 });
          checks += 1;
        }
      }
    }
    // A workspace key is never an admin token.
    expect((await http(`${REGISTRY}/v1/workspaces`, { body: { slug: 'nope-nope', name: 'x' }, headers: bearer(ws.key) })).status).toBe(401);
    expect((await http(`${REGISTRY}/v1/workspaces/${ws.id}`, { method: 'PATCH', body: { publicModelsAccess: 'enabled' }, headers: bearer(ws.key) })).status).toBe(401);
    recordFigure('keys.scope-checks', checks + 2);
  });

  it('a revoked key is refused by the registry and the gateway within a second', async () => {
    const ws = await createWorkspace('revoke');
    const model = await createActiveModel(ws, chatModelBody({ key: 'revoked' }));
    const key = await createApiKey(ws, ['models:read', 'inference']);
    // Warm the gateway's cache: the key is valid there for its whole TTL unless the revocation reaches it.
    expect((await chat(key.key, model.ref)).status).toBe(200);
    expect((await http(`${REGISTRY}/v1/models`, { headers: bearer(key.key) })).status).toBe(200);
    const revoked = await http(`${REGISTRY}/v1/api-keys/${key.id}`, { method: 'DELETE', headers: bearer(ws.key) });
    expect(revoked.status).toBe(204);
    const at = Date.now();
    expect((await http(`${REGISTRY}/v1/models`, { headers: bearer(key.key) })).status).toBe(401);
    await waitFor('the gateway to refuse the revoked key', async () => (await chat(key.key, model.ref)).status === 401, 5_000, 25);
    const gatewayMs = Date.now() - at;
    expect(gatewayMs).toBeLessThan(1_000);
    recordFigure('keys.revocation-to-gateway-refusal-ms', gatewayMs);
  });

  it('an expired key is refused by the registry and the gateway within a second of its expiry', async () => {
    const ws = await createWorkspace('expire');
    const model = await createActiveModel(ws, chatModelBody({ key: 'expiring' }));
    const expiresAt = new Date(Date.now() + 4_000);
    const key = await createApiKey(ws, ['models:read', 'inference'], { expiresAt: expiresAt.toISOString() });
    expect((await chat(key.key, model.ref)).status).toBe(200);
    expect((await http(`${REGISTRY}/v1/models`, { headers: bearer(key.key) })).status).toBe(200);
    await sleep(Math.max(0, expiresAt.getTime() - Date.now()));
    await waitFor('both to refuse the expired key', async () => (await http(`${REGISTRY}/v1/models`, { headers: bearer(key.key) })).status === 401 && (await chat(key.key, model.ref)).status === 401, 5_000, 25);
    const lateMs = Date.now() - expiresAt.getTime();
    expect(lateMs).toBeLessThan(1_000);
    recordFigure('keys.expiry-to-refusal-ms', lateMs);
  });
});
