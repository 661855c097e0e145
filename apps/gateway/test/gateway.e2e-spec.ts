import { type CreateWorkspaceResponse, type CreatedApiKeyView, type ModelView, type UsageReport } from '@model-garden/contracts';
import { eventually } from '@model-garden/testing';
import OpenAI from 'openai';

/**
 * The gateway end to end: the real registry, validator, gateway and mock provider
 * (started by tools/jest/e2e.global-setup.ts), driven only through their public APIs
 * with the official `openai` SDK, and checked through what they leave behind (the
 * mock provider's counters, the registry's usage report). Every answer of the gateway,
 * JSON body or SSE chunk, is also checked against OpenAI's schemas by the tier's setup
 * (tools/jest/e2e.setup.ts, schemas in @model-garden/contracts).
 */
const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this suite with tools/jest/e2e.config.js`);
  return value;
};

const RUN = Date.now().toString(36);
const PROMPT = 'end to end hello';

describe('gateway end to end (registry, validator, gateway, mock provider)', () => {
  let registryUrl: string;
  let gatewayUrl: string;
  let mockUrl: string;
  let mockKey: string;
  let workspaceKey: string;
  let client: OpenAI;
  const models: Record<string, ModelView> = {};

  const call = async <T>(method: string, url: string, token: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
  };

  const scenario = async (definition: Record<string, unknown>): Promise<void> => {
    const answer = await call('POST', `${mockUrl}/__mock/scenarios`, mockKey, definition);
    if (answer.status !== 201) throw new Error(`mock scenario ${JSON.stringify(answer.body)}`);
  };

  const counters = async (id: string): Promise<{ calls: number; aborted: number }> =>
    (await call<{ calls: number; aborted: number }>('GET', `${mockUrl}/__mock/scenarios/${id}`, mockKey)).body;

  const register = async (name: string, modelId: string, extra: Record<string, unknown> = {}, wait = 30): Promise<ModelView> => {
    const answer = await call<ModelView>('POST', `${registryUrl}/v1/models${wait > 0 ? `?wait=${wait}` : ''}`, workspaceKey, {
      type: 'chat',
      baseUrl: `${mockUrl}/v1`,
      apiKey: mockKey,
      name,
      modelId,
      key: name,
      region: 'eu',
      ...extra,
    });
    if (answer.status !== 200 && answer.status !== 202) throw new Error(`registering ${name}: ${answer.status} ${JSON.stringify(answer.body)}`);
    models[name] = answer.body;
    return answer.body;
  };

  const failureOf = async (run: () => Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> => {
    try {
      await run();
    } catch (error) {
      if (error instanceof OpenAI.APIError) return error;
      throw error;
    }
    throw new Error('expected the call to fail');
  };

  const ask = (model: string, extra: Record<string, unknown> = {}): Promise<OpenAI.ChatCompletion> =>
    client.chat.completions.create({ model, messages: [{ role: 'user', content: PROMPT }], ...extra } as OpenAI.ChatCompletionCreateParamsNonStreaming);

  beforeAll(async () => {
    registryUrl = env('E2E_REGISTRY_URL');
    gatewayUrl = env('E2E_GATEWAY_URL');
    mockUrl = env('E2E_MOCK_PROVIDER_URL');
    mockKey = env('E2E_MOCK_PROVIDER_API_KEY');
    const workspace = await call<CreateWorkspaceResponse>('POST', `${registryUrl}/v1/workspaces`, env('E2E_ADMIN_TOKEN'), { slug: `gw-${RUN}`, name: 'Gateway e2e' });
    if (workspace.status !== 201) throw new Error(`workspace: ${workspace.status} ${JSON.stringify(workspace.body)}`);
    workspaceKey = workspace.body.apiKey.key;
    client = new OpenAI({ apiKey: workspaceKey, baseURL: `${gatewayUrl}/v1`, maxRetries: 0 });

    // Scenarios start healthy, so validation passes; the faults are switched on afterwards.
    await Promise.all([
      scenario({ id: `e2e-slow-${RUN}`, base: 'mock-chat', chunks: 20, chunkDelayMs: 50 }),
      scenario({ id: `e2e-flaky-${RUN}`, base: 'mock-chat' }),
      scenario({ id: `e2e-down-${RUN}`, base: 'mock-chat' }),
      scenario({ id: `e2e-sleepy-${RUN}`, base: 'mock-chat', latencyMs: 60_000 }),
    ]);
    await Promise.all([
      register('chat', 'mock-chat', { pricing: { inputPerMillionTokens: 1, outputPerMillionTokens: 2 } }),
      register('basic', 'mock-chat-basic'),
      register('instruct', 'mock-instruct', { type: 'completion' }),
      register('embed', 'mock-embed', { type: 'embedding' }),
      register('image', 'mock-image', { type: 'image', pricing: { perImage: 0.02 } }),
      register('slow', `e2e-slow-${RUN}`),
      register('flaky', `e2e-flaky-${RUN}`),
      register('down', `e2e-down-${RUN}`),
      register('mutable', 'mock-chat'),
      register('badkey', 'mock-chat', { apiKey: 'sk-not-the-mock-key-0000' }),
    ]);
    await register('sleepy', `e2e-sleepy-${RUN}`, {}, 0);
    for (const name of ['chat', 'basic', 'instruct', 'embed', 'image', 'slow', 'flaky', 'down', 'mutable']) {
      if (models[name].status !== 'active') throw new Error(`${name} is ${models[name].status}: ${models[name].statusMessage}`);
    }
    await Promise.all([
      scenario({ id: `e2e-flaky-${RUN}`, base: 'mock-chat', failFirst: 2, failStatus: 503 }),
      scenario({ id: `e2e-down-${RUN}`, base: 'mock-chat', failStatus: 503 }),
    ]);
  }, 120_000);

  it('answers chat in OpenAI shape for a model ref and for its key', async () => {
    const byRef = await ask(models['chat'].ref);
    expect(byRef.choices[0].message.content).toBe(`Mock reply to: ${PROMPT}`);
    const { data, response } = await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: PROMPT }] }).withResponse();
    expect(data.object).toBe('chat.completion');
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });

  it('streams chunks before the upstream has finished', async () => {
    const started = Date.now();
    const stream = await client.chat.completions.create({ model: 'slow', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    const arrivals: number[] = [];
    for await (const chunk of stream) {
      arrivals.push(Date.now() - started);
      expect(Object.keys(chunk)).not.toContain('usage');
    }
    expect(arrivals.length).toBeGreaterThanOrEqual(20);
    expect(arrivals[1]).toBeLessThan(arrivals[arrivals.length - 1] - 500);
  });

  it('puts usage on streamed chunks only for a client that asks: null until the last, usage-only chunk', async () => {
    const asked = await client.chat.completions.create({ model: 'chat', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: PROMPT }] });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of asked) chunks.push(chunk);
    const last = chunks.pop();
    expect(last).toMatchObject({ choices: [], usage: { prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number) } });
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.map((chunk) => chunk.usage)).toEqual(chunks.map(() => null));
    const plain = await client.chat.completions.create({ model: 'chat', stream: true, messages: [{ role: 'user', content: PROMPT }] });
    for await (const chunk of plain) expect(Object.keys(chunk)).not.toContain('usage');
  });

  it('streams completions without usage: null when the client did not ask for usage, and with it when it did', async () => {
    const plain = await client.completions.create({ model: 'instruct', prompt: 'Say this', stream: true });
    let text = '';
    for await (const chunk of plain) {
      expect(Object.keys(chunk)).not.toContain('usage');
      text += chunk.choices[0]?.text ?? '';
    }
    expect(text).toContain('Mock completion');
    const asked = await client.completions.create({ model: 'instruct', prompt: 'Say this', stream: true, stream_options: { include_usage: true } });
    const usages: unknown[] = [];
    for await (const chunk of asked) usages.push(chunk.usage);
    expect(usages.slice(0, -1)).toEqual(usages.slice(0, -1).map(() => null));
    expect(usages[usages.length - 1]).toMatchObject({ total_tokens: expect.any(Number) });
  });

  it('serves tools, json_schema and vision', async () => {
    const tools = await ask('chat', { tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } } }] });
    expect(tools.choices[0].message.tool_calls?.[0]?.type).toBe('function');
    const structured = await ask('chat', { response_format: { type: 'json_schema', json_schema: { name: 'n', schema: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] } } } });
    expect(typeof JSON.parse(structured.choices[0].message.content!).n).toBe('number');
    const vision = await client.chat.completions.create({
      model: 'chat',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'see' }, { type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] }],
    });
    expect(vision.choices[0].message.content).toContain('[1 image');
  });

  it('serves completions, embeddings and images', async () => {
    expect((await client.completions.create({ model: 'instruct', prompt: 'Say this' })).choices[0].text).toContain('Mock completion');
    expect((await client.embeddings.create({ model: 'embed', input: 'vector' })).data[0].embedding).toHaveLength(256);
    expect((await client.embeddings.create({ model: 'embed', input: ['vector', 'two'], encoding_format: 'float' })).data[1].embedding).toHaveLength(256);
    expect((await client.images.generate({ model: 'image', prompt: 'a cat', n: 1 })).data).toHaveLength(1);
  });

  it('lists the workspace\'s models and retrieves one in OpenAI shape', async () => {
    const listed = await client.models.list();
    expect(listed.data.map((model) => model.id)).toContain(models['chat'].ref);
    expect((await client.models.retrieve('chat')).id).toBe(models['chat'].ref);
    expect(await failureOf(() => client.models.retrieve('no-such-model'))).toMatchObject({ status: 404 });
  });

  it('answers every refusal in OpenAI shape', async () => {
    expect(await failureOf(() => new OpenAI({ apiKey: 'mgk_nope', baseURL: `${gatewayUrl}/v1`, maxRetries: 0 }).models.list())).toMatchObject({ status: 401 });
    expect(await failureOf(() => ask('no-such-model'))).toMatchObject({ status: 404, code: 'model_not_found' });
    expect(await failureOf(() => ask('sleepy'))).toMatchObject({ status: 409, code: 'model_not_ready' });
    expect(await failureOf(() => ask('badkey'))).toMatchObject({ status: 422, code: 'model_failed' });
    expect(await failureOf(() => client.embeddings.create({ model: 'chat', input: 'x' }))).toMatchObject({ status: 400, param: 'model' });
    expect(await failureOf(() => ask('basic', { tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }] }))).toMatchObject({
      status: 400,
      param: 'tools',
      code: 'capability_not_supported',
    });
    expect(await failureOf(() => ask('basic', { response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } } }))).toMatchObject({
      status: 400,
      param: 'response_format',
    });
    const retryOff = await failureOf(() => ask('down', { retry: { count: 0 } }));
    expect(retryOff).toMatchObject({ status: 503 });
    expect(JSON.stringify(retryOff.error)).not.toContain(mockKey);
  });

  it('retries a flaky model and falls back to a second model', async () => {
    expect((await ask('flaky')).choices[0].message.content).toContain('Mock reply');
    expect((await counters(`e2e-flaky-${RUN}`)).calls).toBe(3);
    const { response } = await client.chat.completions
      .create({ model: 'down', messages: [{ role: 'user', content: 'x' }], retry: { count: 1 }, fallbacks: [{ model: 'chat' }] } as OpenAI.ChatCompletionCreateParamsNonStreaming)
      .withResponse();
    expect(response.headers.get('x-model-garden-model')).toBe(models['chat'].ref);
  });

  it('cancels the upstream call when the client goes away', async () => {
    const before = (await counters(`e2e-slow-${RUN}`)).aborted;
    const controller = new AbortController();
    const stream = await client.chat.completions.create({ model: 'slow', stream: true, messages: [{ role: 'user', content: 'x' }] }, { signal: controller.signal });
    await (async () => {
      for await (const _chunk of stream) controller.abort();
    })().catch(() => undefined);
    await eventually(async () => expect((await counters(`e2e-slow-${RUN}`)).aborted).toBe(before + 1), 3_000);
  });

  it('stops accepting a revoked key soon after the revocation', async () => {
    const created = await call<CreatedApiKeyView>('POST', `${registryUrl}/v1/api-keys`, workspaceKey, { label: 'short-lived', scopes: ['inference'] });
    expect(created.status).toBe(201);
    const shortLived = new OpenAI({ apiKey: created.body.key, baseURL: `${gatewayUrl}/v1`, maxRetries: 0 });
    await shortLived.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }] });
    const revoked = await call('DELETE', `${registryUrl}/v1/api-keys/${created.body.id}`, workspaceKey);
    expect([200, 204]).toContain(revoked.status);
    const started = Date.now();
    await eventually(async () => expect(await failureOf(() => shortLived.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }] }))).toMatchObject({ status: 401 }), 5_000);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('applies a model update soon after it is saved', async () => {
    await ask('mutable');
    const updated = await call<ModelView>('PATCH', `${registryUrl}/v1/models/${models['mutable'].id}`, workspaceKey, { maxTokens: 5 });
    expect(updated.status).toBe(200);
    await eventually(async () => {
      const { response } = await client.chat.completions.create({ model: 'mutable', messages: [{ role: 'user', content: PROMPT }] }).withResponse();
      expect(response.headers.get('x-model-garden-max-tokens')).toBe('5');
    }, 5_000);
  });

  it('reports usage and cost in the registry', async () => {
    const report = await eventually(async () => {
      const answer = await call<UsageReport>('GET', `${registryUrl}/v1/usage?groupBy=model`, workspaceKey);
      expect(answer.status).toBe(200);
      const chat = answer.body.groups.find((group) => group.modelRef === models['chat'].ref || group.key === models['chat'].ref);
      expect(chat?.requests).toBeGreaterThanOrEqual(5);
      expect(chat?.costUsd).toBeGreaterThan(0);
      expect(chat?.inputTokens).toBeGreaterThan(0);
      return answer.body;
    }, 15_000);
    const images = report.groups.find((group) => group.modelRef === models['image'].ref || group.key === models['image'].ref);
    expect(images?.images).toBeGreaterThanOrEqual(1);
    expect(report.totals.errors).toBeGreaterThan(0);
  });
});
