import { randomBytes } from 'node:crypto';
import { type CheckResult, type ModelView } from '@model-garden/contracts';

/**
 * Validation progress and fix suggestions end to end, with the mistakes people make
 * when they add an endpoint: nothing listening at the base URL, a base URL without
 * `/v1`, the full endpoint as base URL, an embedding model registered as chat, a key of
 * another provider. The registry, validator and mock provider are the real processes;
 * the test reads everything back from the registry's public API.
 */
const registry = process.env['E2E_REGISTRY_URL']!;
const mockUrl = process.env['E2E_MOCK_PROVIDER_URL']!;
const mockKey = process.env['E2E_MOCK_PROVIDER_API_KEY']!;

interface Answer<T> {
  status: number;
  body: T;
}

async function call<T>(method: string, path: string, token: string, body?: unknown): Promise<Answer<T>> {
  const response = await fetch(`${registry}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : null,
    signal: AbortSignal.timeout(60_000),
  });
  return { status: response.status, body: (await response.json()) as T };
}

const check = (model: ModelView, name: string): CheckResult | undefined => model.validation?.checks.find((c) => c.name === name);

describe('validation progress and fix suggestions', () => {
  let apiKey: string;

  beforeAll(async () => {
    const created = await call<{ apiKey: { key: string } }>('POST', '/v1/workspaces', process.env['E2E_ADMIN_TOKEN']!, {
      slug: `progress-${randomBytes(4).toString('hex')}`,
      name: 'Validation progress e2e',
    });
    expect(created.status).toBe(201);
    apiKey = created.body.apiKey.key;
  });

  const body = (overrides: Record<string, unknown>): Record<string, unknown> => ({
    type: 'chat',
    baseUrl: `${mockUrl}/v1`,
    apiKey: mockKey,
    name: 'progress e2e',
    modelId: 'mock-chat',
    key: `e2e-${randomBytes(4).toString('hex')}`,
    region: 'eu',
    ...overrides,
  });

  /** Registers a model and waits (?wait) for its verdict; 200 means it arrived within the wait. */
  async function register(overrides: Record<string, unknown>, wait = 30): Promise<ModelView> {
    const answer = await call<ModelView>('POST', `/v1/models?wait=${wait}`, apiKey, body(overrides));
    expect({ status: answer.status, model: answer.body.status }).toEqual({ status: 200, model: expect.stringMatching(/^(active|failed)$/) });
    return answer.body;
  }

  /** Applies a suggestion the way the studio's "Apply" does: PATCH its field with its value. */
  async function apply(model: ModelView, suggestion: CheckResult['suggestion']): Promise<ModelView> {
    expect(suggestion?.field).toBeDefined();
    const answer = await call<ModelView>('PATCH', `/v1/models/${model.id}?wait=30`, apiKey, { [suggestion!.field!]: suggestion!.value });
    expect(answer.status).toBe(200);
    return answer.body;
  }

  it('a model on a refused port reaches its verdict within ?wait=10, with the progress of its last attempt', async () => {
    // Port 1 (tcpmux): nothing listens there, and no ephemeral port is ever given it, so no other process can take it mid-test.
    const port = 1;
    const model = await register({ baseUrl: `http://127.0.0.1:${port}/v1` }, 10);
    expect(model.status).toBe('failed');
    expect(check(model, 'connectivity')).toMatchObject({ status: 'fail', code: 'provider_unreachable' });
    expect(check(model, 'connectivity')?.message).toContain('ECONNREFUSED');
    expect(check(model, 'connectivity')?.message).toContain(`Nothing is listening on port ${port}`);
    // One quick retry, then the verdict: the progress kept is the second attempt's.
    expect(model.progress).toMatchObject({ revision: model.revision, attempt: 2, nextAttemptAt: null });
    expect(model.progress?.checks[0]).toMatchObject({ name: 'connectivity', state: 'fail', code: 'provider_unreachable' });
  });

  it('a host that does not exist (NXDOMAIN) ends with a verdict after one quick retry, within ?wait=10', async () => {
    // RFC 6761: names under .invalid never resolve. The registry accepts a host that does not resolve now (DNS may be passing trouble).
    const model = await register({ baseUrl: 'http://model-garden-e2e.invalid/v1' }, 10);
    expect(model.status).toBe('failed');
    expect(check(model, 'connectivity')).toMatchObject({ status: 'fail', code: 'provider_unreachable' });
    expect(check(model, 'connectivity')?.message).toContain('could not be resolved');
    expect(model.progress).toMatchObject({ attempt: 2, nextAttemptAt: null });
  });

  it('a TLS certificate error ends with a verdict after one quick retry, within ?wait=10', async () => {
    // The mock's certificate names localhost, not 127.0.0.1 (tools/jest/e2e.global-setup.ts makes it).
    const model = await register({ baseUrl: `${mockUrl.replace(/^http:/, 'https:')}/v1` }, 10);
    expect(model.status).toBe('failed');
    expect(check(model, 'connectivity')).toMatchObject({ status: 'fail', code: 'provider_unreachable' });
    expect(check(model, 'connectivity')?.message).toContain('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(model.progress).toMatchObject({ attempt: 2, nextAttemptAt: null });
  });

  it('an http base URL whose host also answers https gets https as a suggestion; applying it keeps the model active', async () => {
    const local = mockUrl.replace('127.0.0.1', 'localhost');
    const model = await register({ baseUrl: `${local}/v1` });
    expect(model.status).toBe('active');
    const https = `${local.replace(/^http:/, 'https:')}/v1`;
    expect(check(model, 'connectivity')).toMatchObject({ status: 'pass', suggestion: { field: 'baseUrl', value: https } });
    expect(check(model, 'connectivity')?.suggestion?.message).toContain('encrypted');
    const fixed = await apply(model, check(model, 'connectivity')?.suggestion);
    expect(fixed).toMatchObject({ status: 'active', baseUrl: https });
    expect(check(fixed, 'connectivity')?.suggestion).toBeUndefined();
    // 127.0.0.1 is not in the certificate: no https suggestion there.
    const plain = await register({});
    expect(check(plain, 'connectivity')?.suggestion).toBeUndefined();
  });

  it('a healthy model shows the progress of every check, each finished', async () => {
    const model = await register({});
    expect(model.status).toBe('active');
    expect(model.progress).toMatchObject({ revision: model.revision, attempt: 1 });
    const names = model.progress?.checks.map((c) => c.name) ?? [];
    expect(names.slice(0, 4)).toEqual(['connectivity', 'authentication', 'model', 'chat']);
    expect(new Set(names)).toEqual(new Set(model.validation?.checks.map((c) => c.name)));
    expect(model.progress?.checks.every((c) => c.state === 'pass')).toBe(true);
    expect(JSON.stringify(model)).not.toContain(mockKey);
  });

  it('shows the first failure at once while retries continue: retrying, attempt n of m, the error, the next attempt time', async () => {
    const id = `e2e-down-${randomBytes(3).toString('hex')}`;
    const scenario = await fetch(`${mockUrl}/__mock/scenarios`, {
      method: 'POST',
      headers: { authorization: `Bearer ${mockKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id, base: 'mock-chat', failFirst: 1_000, failStatus: 503 }),
    });
    expect(scenario.status).toBe(201);
    const created = await call<ModelView>('POST', '/v1/models', apiKey, body({ modelId: id }));
    expect(created.status).toBe(202);
    // Read it as a person would while it validates, until a retry is on record.
    let seen: ModelView | undefined;
    for (let i = 0; i < 400 && seen === undefined; i++) {
      const { body: current } = await call<ModelView>('GET', `/v1/models/${created.body.id}`, apiKey);
      if (current.progress?.checks.some((c) => c.state === 'retrying')) seen = current;
      else if (current.status !== 'validating') break;
      else await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(seen?.status).toBe('validating');
    const retrying = seen?.progress?.checks.find((c) => c.state === 'retrying');
    expect(retrying).toMatchObject({ code: 'provider_error', httpStatus: 503 });
    expect(retrying?.message).toContain('503');
    expect(seen?.progress?.attempt).toBeLessThan(seen?.progress?.maxAttempts ?? 0);
    expect(Date.parse(seen?.progress?.nextAttemptAt ?? '')).not.toBeNaN();
    const settled = await call<ModelView>('GET', `/v1/models/${created.body.id}?wait=30`, apiKey);
    expect(settled.body.status).toMatch(/^(validating|failed)$/);
  });

  it('a base URL without /v1 fails with the base URL that works as a suggestion, and applying it makes the model active', async () => {
    const model = await register({ baseUrl: mockUrl });
    expect(model.status).toBe('failed');
    const failed = model.validation?.checks.find((c) => c.status === 'fail');
    expect(failed).toMatchObject({ name: 'chat', httpStatus: 404, suggestion: { field: 'baseUrl', value: `${mockUrl}/v1` } });
    expect(failed?.suggestion?.message).toContain('missing /v1');
    // The same suggestion is in the progress, beside the check's message.
    expect(model.progress?.checks.find((c) => c.name === 'chat')?.suggestion).toEqual(failed?.suggestion);
    const fixed = await apply(model, failed?.suggestion);
    expect(fixed.status).toBe('active');
  });

  it('a base URL ending in an endpoint path is refused at input with the base URL to use instead', async () => {
    for (const path of ['/chat/completions', '/completions', '/embeddings', '/images/generations', '/models']) {
      const answer = await call<{ error: { code: string; details: Array<{ field: string; message: string }> } }>('POST', '/v1/models', apiKey, body({ baseUrl: `${mockUrl}/v1${path}` }));
      expect(answer.status).toBe(400);
      expect(answer.body.error.details).toEqual([{ field: 'baseUrl', message: expect.stringContaining(`ends in the endpoint path ${path}`) }]);
      expect(answer.body.error.details[0].message).toContain(`Use ${mockUrl}/v1 instead.`);
    }
  });

  it('an embedding model registered as chat fails with "register it with type Embedding", and applying it makes the model active', async () => {
    const model = await register({ modelId: 'mock-embed', type: 'chat' });
    expect(model.status).toBe('failed');
    const chat = check(model, 'chat');
    expect(chat).toMatchObject({ status: 'fail', httpStatus: 400, suggestion: { field: 'type', value: 'embedding' } });
    expect(chat?.suggestion?.message).toContain('Register it with type Embedding');
    const fixed = await apply(model, chat?.suggestion);
    expect(fixed.status).toBe('active');
    expect(fixed.validation?.capabilities).toMatchObject({ embedding: true });
  });

  it("a key with another provider's prefix gets a hint beside the authentication check, without the key", async () => {
    const key = `gsk_e2e${randomBytes(12).toString('hex')}`;
    const model = await register({ apiKey: key });
    expect(model.status).toBe('failed');
    const authentication = check(model, 'authentication');
    expect(authentication).toMatchObject({ status: 'fail', code: 'provider_credential_invalid' });
    expect(authentication?.suggestion?.message).toContain('"gsk_", like Groq keys');
    expect(authentication?.suggestion).not.toHaveProperty('field');
    expect(JSON.stringify(model)).not.toContain(key.slice(4));
  });
});
