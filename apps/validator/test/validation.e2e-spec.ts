import { randomBytes } from 'node:crypto';
import { type CheckResult, type ModelView } from '@model-garden/contracts';

/**
 * Validation end to end through the running processes: a model is registered with
 * POST /v1/models on the registry, the outbox carries ModelAdded to the validator,
 * which probes the mock provider and publishes ModelValidated, which the registry
 * applies; the test reads the result back from the registry's public API.
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

describe('POST /v1/models → validation → the model status', () => {
  let apiKey: string;

  beforeAll(async () => {
    const created = await call<{ apiKey: { key: string } }>('POST', '/v1/workspaces', process.env['E2E_ADMIN_TOKEN']!, {
      slug: `validation-${randomBytes(4).toString('hex')}`,
      name: 'Validation e2e',
    });
    expect(created.status).toBe(201);
    apiKey = created.body.apiKey.key;
  });

  async function scenario(body: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${mockUrl}/__mock/scenarios`, {
      method: 'POST',
      headers: { authorization: `Bearer ${mockKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(201);
  }

  /** Registers a model and waits (?wait) for its validation to finish. */
  async function register(modelId: string, type: string, overrides: Record<string, unknown> = {}): Promise<ModelView> {
    const answer = await call<ModelView>('POST', '/v1/models?wait=30', apiKey, {
      type,
      baseUrl: `${mockUrl}/v1`,
      apiKey: mockKey,
      name: `e2e ${modelId}`,
      modelId,
      key: `e2e-${randomBytes(4).toString('hex')}`,
      region: 'eu',
      ...overrides,
    });
    // 200: validation finished within ?wait (202 would mean still validating).
    expect({ status: answer.status, model: answer.body.status }).toEqual({ status: 200, model: expect.stringMatching(/^(active|failed)$/) });
    return answer.body;
  }

  const check = (model: ModelView, name: string): CheckResult | undefined => model.validation?.checks.find((c) => c.name === name);

  it('a healthy chat model becomes active with every capability', async () => {
    const model = await register('mock-chat', 'chat');
    expect(model.status).toBe('active');
    expect(model.validation?.capabilities).toEqual({ chat: true, streaming: true, streamUsage: true, functionCalling: true, structuredOutput: true, vision: true });
    expect(model.validation?.checks.every((c) => c.status === 'pass')).toBe(true);
    expect(JSON.stringify(model)).not.toContain(mockKey);
  });

  it('a wrong key fails with the credential reason', async () => {
    const model = await register('mock-chat', 'chat', { apiKey: 'sk-e2e-wrong-key-0000' });
    expect(model.status).toBe('failed');
    expect(check(model, 'authentication')).toMatchObject({ status: 'fail', code: 'provider_credential_invalid', httpStatus: 401 });
    expect(model.statusMessage).toContain('The API key was rejected (401)');
  });

  it('a text-only chat model is active, with tools, structured output and vision false', async () => {
    const model = await register('mock-chat-basic', 'chat');
    expect(model.status).toBe('active');
    expect(model.validation?.capabilities).toMatchObject({ chat: true, functionCalling: false, structuredOutput: false, vision: false });
    expect(check(model, 'chat.tools')?.status).toBe('warn');
  });

  it.each([
    ['mock-embed', 'embedding', { embedding: true, embeddingDimension: 256 }],
    ['mock-image', 'image', { imageGeneration: true }],
    ['mock-instruct', 'completion', { completion: true }],
  ])('%s (%s) becomes active with its capabilities', async (modelId, type, capabilities) => {
    const model = await register(modelId, type);
    expect(model.status).toBe('active');
    expect(model.validation?.capabilities).toEqual(capabilities);
  });

  it('an unknown model id fails as not found, naming the close match', async () => {
    const model = await register('mock-chatt', 'chat');
    expect(model.status).toBe('failed');
    expect(check(model, 'model')).toMatchObject({ status: 'fail', code: 'model_not_found' });
    expect(check(model, 'model')?.message).toContain('"mock-chat"');
  });

  it('a flaky model becomes active after retries', async () => {
    const id = `e2e-flaky-${randomBytes(3).toString('hex')}`;
    await scenario({ id, base: 'mock-chat', failFirst: 2, failStatus: 503 });
    const model = await register(id, 'chat');
    expect(model.status).toBe('active');
  });
});
