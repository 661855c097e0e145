import { checkRule, type ErrorBody, MODEL_RULES, type ModelView, PRICING_RULES, ruleSchema } from '@model-garden/contracts';
import { type RegistryHarness, startRegistry } from './registry-harness';

/**
 * Every field rule of POST /v1/models, one test per rule, against the real app:
 * each bad input is a 400 naming the field, nothing is written, and the edge
 * values the rule allows are accepted.
 */
describe('POST /v1/models field rules', () => {
  let registry: RegistryHarness;
  let key: string;
  let counter = 0;

  const valid = (): Record<string, unknown> => ({
    type: 'chat',
    baseUrl: 'http://127.0.0.1:9/v1',
    apiKey: 'sk-test-abcdefghijklmnop',
    name: 'Test model',
    modelId: `model-${++counter}`,
    region: 'us',
  });

  const create = (body: Record<string, unknown>) => registry.request<ModelView & ErrorBody>('POST', '/v1/models', { token: key, body });

  async function expectRefused(body: Record<string, unknown>, fields: string[]): Promise<ErrorBody['error']> {
    const before = await counts();
    const result = await create(body);
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe('validation_failed');
    expect(result.body.error.details?.map((d) => d.field).sort()).toEqual([...fields].sort());
    for (const detail of result.body.error.details ?? []) expect(detail.message.length).toBeGreaterThan(5);
    expect(result.text).not.toMatch(/\bat .+\.(js|ts):\d+/);
    expect(await counts()).toEqual(before);
    return result.body.error;
  }

  async function expectAccepted(body: Record<string, unknown>): Promise<ModelView> {
    const result = await create(body);
    expect(result.status).toBe(202);
    return result.body;
  }

  async function counts(): Promise<{ models: number; outbox: number }> {
    const { rows } = await registry.db.query<{ models: number; outbox: number }>('SELECT (SELECT count(*)::int FROM models) AS models, (SELECT count(*)::int FROM outbox) AS outbox');
    return rows[0]!;
  }

  beforeAll(async () => {
    registry = await startRegistry('fields');
    key = (await registry.createWorkspace('fields')).apiKey.key;
  });

  afterAll(async () => {
    await registry?.close();
  });

  it('accepts a complete valid body with 202, status validating and revision 1', async () => {
    const model = await expectAccepted({
      ...valid(),
      key: 'full-model',
      description: 'A model with every optional field',
      maxTokens: 4096,
      temperature: 0.7,
      pricing: { inputPerMillionTokens: 0.59, outputPerMillionTokens: 0.79 },
    });
    expect(model).toMatchObject({
      key: 'full-model',
      ref: 'fields@openailike/full-model',
      owner: 'private',
      status: 'validating',
      revision: 1,
      maxTokens: 4096,
      temperature: 0.7,
      pricing: { inputPerMillionTokens: 0.59, outputPerMillionTokens: 0.79 },
      apiKeyHint: 'sk-…mnop',
      validation: null,
    });
    expect(model).not.toHaveProperty('apiKey');
  });

  it('type: must be chat, completion, embedding or image', async () => {
    await expectRefused({ ...valid(), type: 'audio' }, ['type']);
    await expectRefused({ ...valid(), type: undefined }, ['type']);
    for (const type of ['completion', 'embedding', 'image']) await expectAccepted({ ...valid(), type });
  });

  it('baseUrl: must be an absolute http(s) URL', async () => {
    await expectRefused({ ...valid(), baseUrl: 'api.example.com/v1' }, ['baseUrl']);
    await expectRefused({ ...valid(), baseUrl: 'ftp://127.0.0.1/v1' }, ['baseUrl']);
    await expectRefused({ ...valid(), baseUrl: 42 }, ['baseUrl']);
  });

  it('baseUrl: no user info', async () => {
    const error = await expectRefused({ ...valid(), baseUrl: 'http://user:secret@127.0.0.1:9/v1' }, ['baseUrl']);
    expect(JSON.stringify(error)).not.toContain('secret');
  });

  it('baseUrl: no query', async () => {
    await expectRefused({ ...valid(), baseUrl: 'http://127.0.0.1:9/v1?key=abc' }, ['baseUrl']);
  });

  it('baseUrl: no fragment', async () => {
    await expectRefused({ ...valid(), baseUrl: 'http://127.0.0.1:9/v1#x' }, ['baseUrl']);
  });

  it('baseUrl: the outbound guard refuses loopback, private, link-local and metadata addresses that are not allowlisted', async () => {
    for (const baseUrl of ['http://127.0.0.2:9/v1', 'http://localhost:9/v1', 'http://10.1.2.3/v1', 'http://192.168.1.10/v1', 'http://169.254.169.254/latest', 'http://[::1]:8000/v1', 'http://2130706434/v1']) {
      const error = await expectRefused({ ...valid(), baseUrl }, ['baseUrl']);
      expect(error.details?.[0]?.message).toMatch(/allowlist|OUTBOUND_ALLOWLIST|not allowed|refuse|forbidden/i);
    }
    // 127.0.0.1 is on this registry's OUTBOUND_ALLOWLIST; public hostnames pass.
    await expectAccepted({ ...valid(), baseUrl: 'http://127.0.0.1:8000/v1' });
    const model = await expectAccepted({ ...valid(), baseUrl: 'https://API.Example.com/openai/v1/' });
    expect(model.baseUrl).toBe('https://api.example.com/openai/v1');
  });

  it('apiKey: required, without spaces, never echoed', async () => {
    await expectRefused({ ...valid(), apiKey: undefined }, ['apiKey']);
    await expectRefused({ ...valid(), apiKey: '' }, ['apiKey']);
    const error = await expectRefused({ ...valid(), apiKey: 'sk-has a-space-secretvalue' }, ['apiKey']);
    expect(JSON.stringify(error)).not.toContain('secretvalue');
  });

  it('name: 1 to 100 characters', async () => {
    await expectRefused({ ...valid(), name: '' }, ['name']);
    await expectRefused({ ...valid(), name: '   ' }, ['name']);
    await expectRefused({ ...valid(), name: 'x'.repeat(101) }, ['name']);
    await expectRefused({ ...valid(), name: 5 }, ['name']);
    await expectAccepted({ ...valid(), name: 'x'.repeat(100) });
  });

  it("modelId: the provider's model identifier is required", async () => {
    await expectRefused({ ...valid(), modelId: undefined }, ['modelId']);
    await expectRefused({ ...valid(), modelId: '' }, ['modelId']);
    await expectRefused({ ...valid(), modelId: 'x'.repeat(201) }, ['modelId']);
    const model = await expectAccepted({ ...valid(), modelId: 'meta-llama/Llama-3.3-70B-Instruct-Turbo' });
    expect(model.modelId).toBe('meta-llama/Llama-3.3-70B-Instruct-Turbo');
  });

  it('key: a slug, defaulting to a slug of modelId', async () => {
    await expectRefused({ ...valid(), key: 'Has Spaces' }, ['key']);
    await expectRefused({ ...valid(), key: '-leading' }, ['key']);
    await expectRefused({ ...valid(), key: 'x'.repeat(65) }, ['key']);
    await expectRefused({ ...valid(), key: null }, ['key']);
    const model = await expectAccepted({ ...valid(), modelId: 'Qwen/Qwen2.5-72B--Instruct' });
    expect(model.key).toBe('qwen-qwen2.5-72b-instruct');
    expect(model.ref).toBe('fields@openailike/qwen-qwen2.5-72b-instruct');
  });

  it('key: unique in the workspace; a clash is 409 with a suggestion and writes nothing', async () => {
    await expectAccepted({ ...valid(), key: 'taken' });
    await expectAccepted({ ...valid(), key: 'taken-2' });
    const before = await counts();
    const clash = await create({ ...valid(), key: 'taken' });
    expect(clash.status).toBe(409);
    expect(clash.body.error).toMatchObject({ code: 'conflict', suggestion: 'taken-3', details: [{ field: 'key' }] });
    expect(await counts()).toEqual(before);
    // A defaulted key clashes the same way.
    await expectAccepted({ ...valid(), modelId: 'same-upstream' });
    const defaulted = await create({ ...valid(), modelId: 'same-upstream' });
    expect(defaulted.status).toBe(409);
    expect(defaulted.body.error.suggestion).toBe('same-upstream-2');
    expect((await create({ ...valid(), modelId: 'same-upstream', key: defaulted.body.error.suggestion })).status).toBe(202);
  });

  it('region: us or eu', async () => {
    await expectRefused({ ...valid(), region: 'apac' }, ['region']);
    await expectRefused({ ...valid(), region: undefined }, ['region']);
    await expectAccepted({ ...valid(), region: 'eu' });
  });

  it('description: optional, at most 500 characters', async () => {
    await expectRefused({ ...valid(), description: 'x'.repeat(501) }, ['description']);
    await expectRefused({ ...valid(), description: 12 }, ['description']);
    await expectAccepted({ ...valid(), description: 'x'.repeat(500) });
  });

  it('maxTokens: optional integer from 1 to 1,000,000', async () => {
    await expectRefused({ ...valid(), maxTokens: 0 }, ['maxTokens']);
    await expectRefused({ ...valid(), maxTokens: 1_000_001 }, ['maxTokens']);
    await expectRefused({ ...valid(), maxTokens: 10.5 }, ['maxTokens']);
    await expectRefused({ ...valid(), maxTokens: '100' }, ['maxTokens']);
    await expectAccepted({ ...valid(), maxTokens: 1 });
    await expectAccepted({ ...valid(), maxTokens: 1_000_000 });
  });

  it('temperature: optional number from 0 to 2', async () => {
    await expectRefused({ ...valid(), temperature: -0.1 }, ['temperature']);
    await expectRefused({ ...valid(), temperature: 2.01 }, ['temperature']);
    await expectRefused({ ...valid(), temperature: '1' }, ['temperature']);
    await expectAccepted({ ...valid(), temperature: 0 });
    await expectAccepted({ ...valid(), temperature: 2 });
  });

  it('pricing: non-negative numbers, each bad nested field named', async () => {
    await expectRefused({ ...valid(), pricing: { inputPerMillionTokens: -1, outputPerMillionTokens: 'cheap' } }, ['pricing.inputPerMillionTokens', 'pricing.outputPerMillionTokens']);
    await expectRefused({ ...valid(), pricing: 'free' }, ['pricing']);
    const model = await expectAccepted({ ...valid(), pricing: { inputPerMillionTokens: 0, outputPerMillionTokens: 0 } });
    expect(model.pricing).toEqual({ inputPerMillionTokens: 0, outputPerMillionTokens: 0 });
  });

  it('pricing: token prices on an image model are refused; perImage prices an image model', async () => {
    await expectRefused({ ...valid(), type: 'image', pricing: { inputPerMillionTokens: 1, perImage: 0.04 } }, ['pricing.inputPerMillionTokens']);
    await expectRefused({ ...valid(), type: 'chat', pricing: { perImage: 0.04 } }, ['pricing.perImage']);
    const model = await expectAccepted({ ...valid(), type: 'image', pricing: { perImage: 0.04 } });
    expect(model.pricing).toEqual({ perImage: 0.04 });
  });

  it('unknown fields are refused, at the top level and nested', async () => {
    await expectRefused({ ...valid(), provider: 'groq' }, ['provider']);
    await expectRefused({ ...valid(), pricing: { inputPerMillionTokens: 1, currency: 'EUR' } }, ['pricing.currency']);
  });

  it('names every bad field in one answer', async () => {
    const error = await expectRefused(
      { type: 'x', baseUrl: 'http://10.0.0.1/v1', apiKey: '', name: '', modelId: '', region: 'mars', maxTokens: -5, temperature: 9, pricing: { perImage: -1 }, extra: true },
      ['type', 'baseUrl', 'apiKey', 'name', 'modelId', 'region', 'maxTokens', 'temperature', 'pricing.perImage', 'extra'],
    );
    expect(error.message).toContain('maxTokens');
  });

  it('a body that is not a JSON object is a 400; one over the size limit is a 413; neither writes anything', async () => {
    const before = await counts();
    const notJson = await registry.request<ErrorBody>('POST', '/v1/models', { token: key, rawBody: '{"type": ', headers: { 'content-type': 'application/json' } });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('validation_failed');
    const array = await registry.request<ErrorBody>('POST', '/v1/models', { token: key, body: [valid()] });
    expect(array.status).toBe(400);
    const huge = await create({ ...valid(), description: 'x'.repeat(registry.config.REGISTRY_BODY_LIMIT_BYTES) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');
    expect(await counts()).toEqual(before);
  });

  it('?wait must be a whole number of seconds up to 30', async () => {
    for (const wait of ['31', '-1', 'soon', '1.5']) {
      const result = await registry.request<ErrorBody>('POST', `/v1/models?wait=${wait}`, { token: key, body: valid() });
      expect(result.status).toBe(400);
      expect(result.body.error.details?.map((d) => d.field)).toEqual(['wait']);
    }
  });

  it('documents the field rules of @model-garden/contracts in its OpenAPI document, and says their messages', async () => {
    type Schema = { properties: Record<string, Record<string, unknown>>; required?: string[] };
    const doc = await registry.request<{ components: { schemas: Record<string, Schema> } }>('GET', '/docs-json');
    const { CreateModelDto: create, UpdateModelDto: update, PricingDto: pricing } = doc.body.components.schemas;
    for (const [field, rule] of Object.entries(MODEL_RULES)) {
      expect([field, create?.properties[field]]).toEqual([field, expect.objectContaining(ruleSchema(rule))]);
      expect([field, update?.properties[field]]).toEqual([field, expect.objectContaining(ruleSchema(rule))]);
    }
    for (const [field, rule] of Object.entries(PRICING_RULES)) expect([field, pricing?.properties[field]]).toEqual([field, expect.objectContaining(ruleSchema(rule))]);
    expect([...(create?.required ?? [])].sort()).toEqual(['apiKey', 'baseUrl', 'modelId', 'name', 'region', 'type']);
    const bad = { ...valid(), name: '   ', temperature: 2.5, pricing: { inputPerMillionTokens: 1.123456789 } };
    const error = await expectRefused(bad, ['name', 'temperature', 'pricing.inputPerMillionTokens']);
    expect(Object.fromEntries((error.details ?? []).map((d) => [d.field, d.message]))).toEqual({
      name: checkRule(MODEL_RULES.name, bad.name),
      temperature: checkRule(MODEL_RULES.temperature, bad.temperature),
      'pricing.inputPerMillionTokens': checkRule(PRICING_RULES.inputPerMillionTokens, bad.pricing.inputPerMillionTokens),
    });
  });
});
