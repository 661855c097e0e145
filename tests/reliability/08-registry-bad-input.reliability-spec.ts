import fc from 'fast-check';
import { bearer, closeHttp, http, type HttpResponse, STACK_TRACE } from './support/http';
import { applyMutation, authorization, contentType, encode, mutation, queryString, rawBody, rootField, weirdString } from './support/arbitraries';
import { readPid } from './support/infra';
import { chatModelBody, createActiveModel, createWorkspace, recordFigure, ready, REGISTRY, settings, state, type Workspace } from './support/stack-client';

afterAll(closeHttp);

/** Scales every property's run count (MG_RELIABILITY_RUNS=2 doubles them). */
const SCALE = Number(process.env['MG_RELIABILITY_RUNS'] ?? '1');
const runs = (n: number): number => Math.max(1, Math.round(n * SCALE));
let tried = 0;

interface RegistryError {
  error: { code: string; message: string; details?: Array<{ field: string; message: string }> };
}

/**
 * Never a 5xx, never a stack trace, always the registry's error shape; a 400 names
 * each bad field (and one of them is a field the input touched, when known).
 */
function expectWellHandled(response: HttpResponse, touched?: ReadonlySet<string>): void {
  tried += 1;
  const context = `${response.status} ${response.text.slice(0, 400)}`;
  expect({ context, serverError: response.status >= 500 }).toEqual({ context, serverError: false });
  expect(response.text).not.toMatch(STACK_TRACE);
  if (response.status < 400) return;
  const body = response.json as RegistryError;
  expect({ context, shape: typeof body?.error?.code === 'string' && typeof body.error.message === 'string' }).toEqual({ context, shape: true });
  if (response.status !== 400) return;
  const details = body.error.details ?? [];
  expect({ context, named: details.length > 0 && details.every((d) => typeof d.field === 'string' && d.field.length > 0) }).toEqual({ context, named: true });
  if (touched) expect({ context, relevant: details.some((d) => touched.has(d.field) || touched.has(rootField(d.field)) || touched.has(d.field.replace(/^\[(.*)\]$/, '$1')) || [...touched].some((t) => d.field.startsWith(`${t}.`)) || d.field === 'body') }).toEqual({ context, relevant: true });
}

const MODEL_FIELDS = ['type', 'baseUrl', 'apiKey', 'name', 'modelId', 'key', 'region', 'description', 'maxTokens', 'temperature', 'pricing', 'pricing.inputPerMillionTokens', 'pricing.outputPerMillionTokens', 'pricing.perImage'];

/**
 * DESIGN "Input: class-validator with whitelisting; every bad input is a 400 that names
 * the field; limits on body size, string lengths, number ranges." fast-check throws
 * thousands of random and malformed bodies, headers, query strings and huge values at
 * every kind of registry route.
 */
describe('registry: property-based bad input', () => {
  let ws: Workspace;
  let modelId: string;
  let pid: number | undefined;

  beforeAll(async () => {
    ws = await createWorkspace('fuzz');
    modelId = (await createActiveModel(ws, chatModelBody({ key: 'fuzzed' }))).id;
    const target = await http(`${REGISTRY}/v1/deployments`, {
      body: { key: 'fuzz-target', variants: [{ key: 'a', model: 'fuzzed', messages: [{ role: 'user', content: 'hi' }] }] },
      headers: bearer(ws.key),
    });
    expect(target.status).toBe(201);
    pid = readPid(state, 'registry');
  });

  afterAll(async () => {
    // Never a crash: the same process is still there and ready.
    expect(readPid(state, 'registry')).toBe(pid);
    expect((await ready('registry')).status).toBe(200);
    recordFigure('bad-input.registry.inputs', tried);
  });

  it('POST /v1/models: mutated bodies', async () => {
    const base = chatModelBody({ modelId: 'mock-chat' });
    await fc.assert(
      fc.asyncProperty(mutation(MODEL_FIELDS, Object.keys(base)), async (m) => {
        const { body, touched } = applyMutation({ ...base, key: `fz-${Math.random().toString(36).slice(2, 10)}` }, m);
        touched.add('key');
        const response = await http(`${REGISTRY}/v1/models`, { body, headers: bearer(ws.key) });
        expectWellHandled(response, touched);
        // A mutation that happened to be valid created a model: remove it (the validator then skips it).
        if (response.status === 202) await http(`${REGISTRY}/v1/models/${(response.json as { id: string }).id}`, { method: 'DELETE', headers: bearer(ws.key) });
      }),
      { numRuns: runs(700) },
    );
  });

  it('POST /v1/deployments and PUT /v1/deployments/{key}: mutated bodies and mutated variants', async () => {
    const variant = {
      key: 'a',
      model: 'fuzzed',
      messages: [{ role: 'user', content: 'Hi {{name}}' }],
      variables: [{ name: 'name', required: true }],
      parameters: { temperature: 0.5, maxTokens: 10 },
      retry: { count: 1 },
      fallbacks: [],
      timeout: { callTimeoutMs: 1000 },
    };
    const base = { key: 'fuzzed', variants: [variant], routing: { rules: [], defaultVariant: 'a' }, note: 'n', description: 'd' };
    const fields = ['key', 'description', 'note', 'variants', 'routing', 'routing.rules', 'routing.defaultVariant'];
    const variantFields = ['key', 'model', 'messages', 'variables', 'parameters', 'parameters.temperature', 'parameters.maxTokens', 'parameters.tools', 'parameters.responseFormat', 'retry', 'retry.count', 'fallbacks', 'timeout', 'timeout.callTimeoutMs'];
    await fc.assert(
      fc.asyncProperty(mutation(fields, Object.keys(base)), mutation(variantFields, Object.keys(variant)), fc.boolean(), async (top, inner, put) => {
        const mutatedVariant = applyMutation(variant, inner);
        const { body, touched } = applyMutation({ ...base, key: `fz-${Math.random().toString(36).slice(2, 10)}`, variants: [mutatedVariant.body] }, top);
        if (mutatedVariant.touched.size > 0) touched.add('variants');
        touched.add('key');
        if (put) delete body['key'];
        const response = put
          ? await http(`${REGISTRY}/v1/deployments/fuzz-target`, { method: 'PUT', body, headers: bearer(ws.key) })
          : await http(`${REGISTRY}/v1/deployments`, { body, headers: bearer(ws.key) });
        expectWellHandled(response, touched);
        if (!put && response.status === 201) await http(`${REGISTRY}/v1/deployments/${encodeURIComponent((response.json as { key: string }).key)}`, { method: 'DELETE', headers: bearer(ws.key) });
      }),
      { numRuns: runs(500) },
    );
  });

  it('PATCH /v1/models/{id}: mutated bodies', async () => {
    const fields = MODEL_FIELDS.filter((f) => !['type', 'baseUrl', 'modelId', 'apiKey'].includes(f));
    await fc.assert(
      fc.asyncProperty(mutation(fields, []), async (m) => {
        const { body, touched } = applyMutation({}, m);
        const response = await http(`${REGISTRY}/v1/models/${modelId}`, { method: 'PATCH', body, headers: bearer(ws.key) });
        expectWellHandled(response, touched);
      }),
      { numRuns: runs(400) },
    );
  });

  it('raw bodies and content types on every write route', async () => {
    const routes: Array<[string, string]> = [
      ['POST', '/v1/models'],
      ['PATCH', `/v1/models/${modelId}`],
      ['PUT', `/v1/models/${modelId}/api-key`],
      ['POST', '/v1/api-keys'],
      ['POST', '/v1/workspaces'],
      ['PATCH', '/v1/catalogue/openai/gpt-4o-mini'],
      ['POST', '/v1/deployments'],
      ['PUT', '/v1/deployments/fuzz-target'],
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), rawBody, contentType, async ([method, path], body, type) => {
        const headers = path === '/v1/workspaces' ? bearer(settings.adminToken) : bearer(ws.key);
        if (type !== undefined) headers['content-type'] = type;
        expectWellHandled(await http(`${REGISTRY}${path}`, { method, body, headers }));
      }),
      { numRuns: runs(400) },
    );
  });

  it('POST /v1/api-keys and POST /v1/workspaces: mutated bodies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), mutation(['label', 'scopes', 'expiresAt', 'slug', 'name'], ['label', 'scopes']), async (keys, m) => {
        if (keys) {
          const { body, touched } = applyMutation({ label: 'fuzz', scopes: ['models:read'] }, m);
          expectWellHandled(await http(`${REGISTRY}/v1/api-keys`, { body, headers: bearer(ws.key) }), touched);
        } else {
          const { body, touched } = applyMutation({ slug: `fz-${Math.random().toString(36).slice(2, 10)}`, name: 'Fuzz' }, m);
          expectWellHandled(await http(`${REGISTRY}/v1/workspaces`, { body, headers: bearer(settings.adminToken) }), touched);
        }
      }),
      { numRuns: runs(300) },
    );
  });

  it('query strings on the listing, usage and catalogue routes', async () => {
    const routes: Array<[string, string[]]> = [
      ['/v1/models', ['type', 'status', 'owner', 'region', 'q', 'limit', 'cursor']],
      ['/v1/usage', ['from', 'to', 'groupBy']],
      ['/v1/catalogue', ['provider']],
      [`/v1/models/${modelId}`, ['wait']],
    ];
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: routes.length - 1 }).chain((i) => queryString(routes[i]![1]).map((q) => [routes[i]!, q] as const)), async ([[path, known], query]) => {
        const response = await http(`${REGISTRY}${path}?${query}`, { headers: bearer(ws.key) });
        const touched = new Set(query.split('&').map((pair) => decodeURIComponent(pair.split('=')[0] ?? '')));
        for (const name of known) touched.add(name);
        expectWellHandled(response, touched);
      }),
      { numRuns: runs(350) },
    );
  });

  it('headers and ids on every route', async () => {
    const routes = ['GET /v1/models', 'GET /v1/models/{id}', 'PATCH /v1/models/{id}', 'DELETE /v1/models/{id}', 'POST /v1/models/{id}/validate', 'GET /v1/api-keys/{id}', 'DELETE /v1/api-keys/{id}', 'GET /v1/catalogue/{id}', 'GET /v1/usage', 'POST /v1/workspaces'];
    const id = fc.oneof(weirdString.filter((s) => s.length > 0 && s.length < 2_000), fc.uuid(), fc.constant(modelId));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.oneof(authorization, fc.constant(`Bearer ${ws.key}`)), id, async (route, auth, target) => {
        const [method, template] = route.split(' ') as [string, string];
        // The real model is never deleted or re-validated here: those calls carry a bad key or another id.
        const safeTarget = target === modelId && (method === 'DELETE' || route.includes('validate')) && auth === `Bearer ${ws.key}` ? 'x' : target;
        const path = template.replace('{id}', encode(safeTarget));
        const headers: Record<string, string> = auth === undefined ? {} : { authorization: auth };
        expectWellHandled(await http(`${REGISTRY}${path}`, { method, headers, ...(method === 'PATCH' || method === 'POST' ? { body: {} } : {}) }));
      }),
      { numRuns: runs(350) },
    );
  });
});
