import { type CreateWorkspaceResponse, type DeploymentView, DEPLOYMENT_HEADERS, type ModelView, RESPONSE_CACHE, splitBucket, type UsageReport, type UsageRequestsPage } from '@model-garden/contracts';
import { Orq } from '@orq-ai/node';
import { eventually } from '@model-garden/testing';

/** How long asynchronous effects (events, usage records) may take to show here. */
const EVENTUALLY_MS = 10_000;

/**
 * Deployments end to end: the real registry, validator, gateway and mock provider
 * (started by tools/jest/e2e.global-setup.ts), driven through the registry's REST API
 * and orq.ai's Deployments API at the gateway, raw and through orq.ai's official SDK
 * (which validates every answer against its schema).
 */
const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this suite with tools/jest/e2e.config.js`);
  return value;
};

const RUN = Date.now().toString(36);
/** Concurrent get_config calls in the split check: half the gateway's default in-flight cap per key (GATEWAY_MAX_IN_FLIGHT_PER_KEY, 64). */
const SPLIT_CONCURRENCY = 32;

interface OrqAnswer {
  id: string;
  created: string;
  object: string;
  model: string;
  provider: string;
  is_final: boolean;
  telemetry: { trace_id: string; span_id: string };
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
  choices: Array<{ index: number; finish_reason: string | null; message: { type: string; role: string; content: string | null; tool_calls?: unknown[] } }>;
  error?: { message: string; type: string; param: string | null; code: string | null };
}

describe('deployments end to end (registry, validator, gateway, mock provider)', () => {
  let registryUrl: string;
  let gatewayUrl: string;
  let mockUrl: string;
  let mockKey: string;
  let workspaceKey: string;
  let otherKey: string;
  let slug: string;
  const models: Record<string, ModelView> = {};

  const call = async <T>(method: string, url: string, token: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, body: (text && !text.startsWith('data:') ? JSON.parse(text) : {}) as T };
  };
  const invoke = (body: Record<string, unknown>, token = workspaceKey) => call<OrqAnswer>('POST', `${gatewayUrl}/v2/deployments/invoke`, token, body);
  const getConfig = (body: Record<string, unknown>) => call<{ version: string; variant: string; model: string; messages: Array<{ role: string; content: unknown }>; parameters: Record<string, unknown> }>('POST', `${gatewayUrl}/v2/deployments/get_config`, workspaceKey, body);

  const scenario = async (definition: Record<string, unknown>): Promise<void> => {
    const answer = await call('POST', `${mockUrl}/__mock/scenarios`, mockKey, definition);
    if (answer.status !== 201) throw new Error(`mock scenario ${answer.text}`);
  };

  const register = async (name: string, modelId: string, extra: Record<string, unknown> = {}): Promise<ModelView> => {
    const answer = await call<ModelView>('POST', `${registryUrl}/v1/models?wait=30`, workspaceKey, {
      type: 'chat',
      baseUrl: `${mockUrl}/v1`,
      apiKey: mockKey,
      name,
      modelId,
      key: name,
      region: 'eu',
      ...extra,
    });
    if (answer.body.status !== (extra['apiKey'] === undefined ? 'active' : 'failed')) throw new Error(`registering ${name}: ${answer.status} ${answer.text}`);
    models[name] = answer.body;
    return answer.body;
  };

  const deploy = async (body: Record<string, unknown>, token = workspaceKey) => call<DeploymentView & { error?: { code: string; details?: Array<{ field: string; message: string }> } }>('POST', `${registryUrl}/v1/deployments`, token, body);

  const template = {
    messages: [
      { role: 'system', content: 'You answer for {{company}}.' },
      { role: 'user', content: 'Question: {{question}}' },
    ],
    variables: [
      { name: 'company', required: false, default: 'Acme' },
      { name: 'question', required: true },
    ],
  };


  /** The SSE events of a streamed answer, with the arrival time of each (ms after the request). */
  const streamEvents = async (path: string, body: Record<string, unknown>): Promise<{ status: number; headers: Headers; events: Array<{ at: number; data: string }> }> => {
    const started = Date.now();
    const response = await fetch(`${gatewayUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${workspaceKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const events: Array<{ at: number; data: string }> = [];
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (block.startsWith('data: ')) events.push({ at: Date.now() - started, data: block.slice(6) });
        end = buffer.indexOf('\n\n');
      }
    }
    return { status: response.status, headers: response.headers, events };
  };

  beforeAll(async () => {
    registryUrl = env('E2E_REGISTRY_URL');
    gatewayUrl = env('E2E_GATEWAY_URL');
    mockUrl = env('E2E_MOCK_PROVIDER_URL');
    mockKey = env('E2E_MOCK_PROVIDER_API_KEY');
    slug = `dep-${RUN}`;
    const [mine, theirs] = await Promise.all([
      call<CreateWorkspaceResponse>('POST', `${registryUrl}/v1/workspaces`, env('E2E_ADMIN_TOKEN'), { slug, name: 'Deployments e2e' }),
      call<CreateWorkspaceResponse>('POST', `${registryUrl}/v1/workspaces`, env('E2E_ADMIN_TOKEN'), { slug: `dep-other-${RUN}`, name: 'Other' }),
    ]);
    if (mine.status !== 201 || theirs.status !== 201) throw new Error(`workspaces: ${mine.text} ${theirs.text}`);
    workspaceKey = mine.body.apiKey.key;
    otherKey = theirs.body.apiKey.key;
    await Promise.all([scenario({ id: `dep-down-${RUN}`, base: 'mock-chat' }), scenario({ id: `dep-slow-${RUN}`, base: 'mock-chat', chunks: 20, chunkDelayMs: 50 })]);
    await Promise.all([
      register('chat', 'mock-chat', { pricing: { inputPerMillionTokens: 1, outputPerMillionTokens: 2 } }),
      register('alt', 'mock-chat'),
      register('basic', 'mock-chat-basic'),
      register('instruct', 'mock-instruct', { type: 'completion' }),
      register('down', `dep-down-${RUN}`),
      register('slow', `dep-slow-${RUN}`),
      register('badkey', 'mock-chat', { apiKey: 'sk-not-the-mock-key-0000' }),
    ]);
    await scenario({ id: `dep-down-${RUN}`, base: 'mock-chat', failStatus: 503 });

    const created = await deploy({
      key: 'support',
      variants: [
        { key: 'a', model: 'chat', ...template, parameters: { temperature: 0.2, maxTokens: 100 } },
        { key: 'b', model: `${slug}@openailike/alt`, ...template },
      ],
      routing: {
        rules: [
          { name: 'pro', conditions: [{ field: 'plan', operator: 'eq', value: 'pro' }], variant: 'b' },
          { name: 'ab', conditions: [{ field: 'experiment', operator: 'exists', value: true }], split: [{ variant: 'a', percent: 50 }, { variant: 'b', percent: 50 }] },
        ],
        defaultVariant: 'a',
      },
    });
    if (created.status !== 201) throw new Error(`deployment: ${created.text}`);
  }, 120_000);

  it('invokes a deployment with inputs in orq.ai’s answer shape, naming the version and variant in headers', async () => {
    const answer = await invoke({ key: 'support', inputs: { question: 'Where is my order?' }, invoke_options: { include_usage: true } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get(DEPLOYMENT_HEADERS.version)).toBe('1');
    expect(answer.headers.get(DEPLOYMENT_HEADERS.variant)).toBe('a');
    expect(answer.body).toMatchObject({
      object: 'chat',
      model: models['chat']!.ref,
      provider: 'openailike',
      is_final: true,
      choices: [{ index: 0, finish_reason: 'stop', message: { type: 'content', role: 'assistant', content: 'Mock reply to: Question: Where is my order?' } }],
    });
    expect(new Date(answer.body.created).toISOString()).toBe(answer.body.created);
    expect(answer.body.telemetry.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(answer.body.telemetry.span_id).toMatch(/^[0-9a-f]{16}$/);
    expect(answer.body.usage!.prompt_tokens).toBeGreaterThan(0);
    // Messages are appended after the template; without include_usage there is no usage.
    const appended = await invoke({ key: 'support', inputs: { question: 'x' }, messages: [{ role: 'user', content: 'And the refund?' }] });
    expect(appended.body.choices[0]!.message.content).toBe('Mock reply to: And the refund?');
    expect(appended.body.usage ?? null).toBeNull();
  });

  it('streams orq.ai events as the model’s chunks arrive, ending with a final event and [DONE]', async () => {
    expect((await deploy({ key: 'slow', variants: [{ key: 'only', model: 'slow', messages: [{ role: 'user', content: 'Tell me about {{topic}}' }], variables: [{ name: 'topic', required: true }] }] })).status).toBe(201);
    for (const request of [
      { path: '/v2/deployments/stream', body: { key: 'slow', inputs: { topic: 'tea' } } },
      { path: '/v2/deployments/invoke', body: { key: 'slow', inputs: { topic: 'tea' }, stream: true, invoke_options: { include_usage: true } } },
    ]) {
      const { status, headers, events } = await streamEvents(request.path, request.body);
      expect(status).toBe(200);
      expect(headers.get('content-type')).toContain('text/event-stream');
      expect(headers.get(DEPLOYMENT_HEADERS.variant)).toBe('only');
      expect(events[events.length - 1]!.data).toBe('[DONE]');
      const parsed = events.slice(0, -1).map((e) => JSON.parse(e.data) as OrqAnswer);
      const final = parsed[parsed.length - 1]!;
      expect(final.is_final).toBe(true);
      expect(parsed.slice(0, -1).every((e) => e.is_final === false && e.object === 'chat' && e.choices[0]!.message.type === 'content')).toBe(true);
      expect(parsed.length).toBeGreaterThanOrEqual(20);
      // The first event comes well before the last (20 chunks 50 ms apart): nothing is buffered.
      expect(events[1]!.at).toBeLessThan(events[events.length - 2]!.at - 500);
      if ('invoke_options' in request.body) expect(final.usage!.completion_tokens).toBeGreaterThan(0);
    }
  });

  it('refuses a missing required input (400 naming it) and an unknown deployment (404)', async () => {
    const missing = await invoke({ key: 'support', inputs: { company: 'Initech' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ param: 'inputs.question', code: 'missing_input', message: expect.stringContaining('"question"') });
    const unknown = await invoke({ key: 'no-such-deployment' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'deployment_not_found', param: 'key' });
  });

  it('routes by context', async () => {
    const pro = await invoke({ key: 'support', inputs: { question: 'q' }, context: { plan: 'pro' } });
    expect(pro.headers.get(DEPLOYMENT_HEADERS.variant)).toBe('b');
    expect(pro.body.model).toBe(models['alt']!.ref);
    const free = await invoke({ key: 'support', inputs: { question: 'q' }, context: { plan: 'free' } });
    expect(free.headers.get(DEPLOYMENT_HEADERS.variant)).toBe('a');
  });

  it('splits 50/50 by a stable hash of identity.id over 10,000 identities: 48–52 % each, every identity always on the same variant', async () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `user-${RUN}-${i}`);
    const variantOf = async (id: string): Promise<string> => {
      const config = await getConfig({ key: 'support', inputs: { question: 'q' }, context: { experiment: 'on' }, identity: { id } });
      if (config.status !== 200) throw new Error(`get_config for ${id}: ${config.status} ${config.text}`);
      return config.body.variant;
    };
    /** Every id through get_config, SPLIT_CONCURRENCY at a time (well under the gateway's in-flight cap per key), over keep-alive connections. */
    const variantsOf = async (list: string[]): Promise<string[]> => {
      const variants = new Array<string>(list.length);
      let next = 0;
      const worker = async (): Promise<void> => {
        for (let i = next++; i < list.length; i = next++) variants[i] = await variantOf(list[i]!);
      };
      await Promise.all(Array.from({ length: SPLIT_CONCURRENCY }, worker));
      return variants;
    };

    const first = await variantsOf(ids);
    // Exactly the shared routing function's answer for every identity.
    const mismatched = ids.filter((id, i) => first[i] !== (splitBucket('support', id) < 5_000 ? 'a' : 'b'));
    expect({ count: mismatched.length, some: mismatched.slice(0, 5) }).toEqual({ count: 0, some: [] });
    const share = first.filter((v) => v === 'a').length / ids.length;
    expect(share).toBeGreaterThanOrEqual(0.48);
    expect(share).toBeLessThanOrEqual(0.52);

    // Asked again (a sample of 500 spread over all of them, in another order), each gets the same variant.
    const firstOf = new Map(ids.map((id, i) => [id, first[i]!]));
    const again = ids.filter((_, i) => i % 20 === 7).reverse();
    const second = await variantsOf(again);
    const changed = again.filter((id, i) => second[i] !== firstOf.get(id));
    expect({ count: changed.length, some: changed.slice(0, 5) }).toEqual({ count: 0, some: [] });

    // And through invoke: the same identity gets the same variant.
    for (const [i, id] of ids.slice(0, 20).entries()) {
      const answer = await invoke({ key: 'support', inputs: { question: 'q' }, context: { experiment: 'on' }, identity: { id } });
      expect(answer.headers.get(DEPLOYMENT_HEADERS.variant)).toBe(first[i]);
    }
  }, 60_000);

  it('falls back to a second model when the first fails', async () => {
    expect((await deploy({ key: 'resilient', variants: [{ key: 'main', model: 'down', ...template, retry: { count: 0 }, fallbacks: [{ model: 'chat' }] }] })).status).toBe(201);
    const answer = await invoke({ key: 'resilient', inputs: { question: 'still there?' } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-model-garden-model')).toBe(models['chat']!.ref);
    expect(answer.body.model).toBe(models['chat']!.ref);

    // A variant whose model failed validation goes straight to its fallback; without one it is a 422 as for /v1.
    expect((await deploy({ key: 'failed-model', variants: [{ key: 'x', model: 'badkey', ...template, fallbacks: [{ model: 'alt' }] }, { key: 'y', model: 'badkey', ...template }], routing: { rules: [{ conditions: [{ field: 'bare', operator: 'exists', value: true }], variant: 'y' }], defaultVariant: 'x' } })).body.health).toMatchObject({ status: 'failing' });
    const rescued = await invoke({ key: 'failed-model', inputs: { question: 'q' } });
    expect(rescued.status).toBe(200);
    expect(rescued.body.model).toBe(models['alt']!.ref);
    const refused = await invoke({ key: 'failed-model', inputs: { question: 'q' }, context: { bare: 1 } });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'model_failed', message: expect.stringContaining(models['badkey']!.ref) });
  });

  it('refuses at publish a capability the model lacks (tools on mock-chat-basic)', async () => {
    const refused = await deploy({
      key: 'tooling',
      variants: [{ key: 'a', model: 'basic', ...template, parameters: { tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }] } }],
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error!.details).toEqual([{ field: 'variants[0].model', message: expect.stringContaining('Variant "a": model "basic" lacks function calling') }]);
  });

  it('takes a restore into effect at the gateway within a second', async () => {
    expect((await deploy({ key: 'rollback', variants: [{ key: 'v', model: 'chat', ...template }] })).status).toBe(201);
    expect((await invoke({ key: 'rollback', inputs: { question: 'q' } })).body.model).toBe(models['chat']!.ref);
    const published = await call('PUT', `${registryUrl}/v1/deployments/rollback`, workspaceKey, { variants: [{ key: 'v', model: 'alt', ...template }], note: 'try alt' });
    expect(published.status).toBe(200);
    let started = Date.now();
    await eventually(async () => expect((await invoke({ key: 'rollback', inputs: { question: 'q' } })).body.model).toBe(models['alt']!.ref), 5_000);
    expect(Date.now() - started).toBeLessThan(1_500);
    const restored = await call<DeploymentView>('POST', `${registryUrl}/v1/deployments/rollback/versions/1/restore`, workspaceKey, {});
    expect(restored.body.currentVersion).toBe(3);
    started = Date.now();
    await eventually(async () => {
      const answer = await invoke({ key: 'rollback', inputs: { question: 'q' } });
      expect(answer.body.model).toBe(models['chat']!.ref);
      expect(answer.headers.get(DEPLOYMENT_HEADERS.version)).toBe('3');
    }, 5_000);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('caches a deployment with a cache setting: hit (cost 0), miss on a new input, after invalidate and on a new version; never without it', async () => {
    const cacheOf = (answer: { headers: Headers }) => answer.headers.get(RESPONSE_CACHE.header);
    const ask = (key: string, question: string) => invoke({ key, inputs: { question: `${question} ${RUN}` }, invoke_options: { include_usage: true } });
    const created = await deploy({ key: 'cached', variants: [{ key: 'v', model: 'chat', ...template }], cache: { type: 'exact_match', ttl: 600 } });
    expect(created.status).toBe(201);
    expect(created.body.current.cache).toEqual({ type: 'exact_match', ttl: 600 });
    expect((await call<DeploymentView>('GET', `${registryUrl}/v1/deployments/cached`, workspaceKey)).body.current.cache).toEqual({ type: 'exact_match', ttl: 600 });
    // A bad setting is a 400 naming the field.
    const refused = await deploy({ key: 'cached-bad', variants: [{ key: 'v', model: 'chat', ...template }], cache: { type: 'exact_match', ttl: 259_201 } });
    expect(refused.status).toBe(400);
    expect(refused.body.error!.details).toEqual([expect.objectContaining({ field: 'cache.ttl' })]);

    const miss = await ask('cached', 'same');
    expect(miss.status).toBe(200);
    expect(cacheOf(miss)).toBe('miss');
    // The miss is stored after it was answered: the next identical call hits once it is there.
    const hit = await eventually(async () => {
      const answer = await ask('cached', 'same');
      expect(cacheOf(answer)).toBe('hit');
      return answer;
    }, EVENTUALLY_MS);
    expect(hit.headers.get(DEPLOYMENT_HEADERS.version)).toBe('1');
    expect(hit.body.choices).toEqual(miss.body.choices);
    expect(hit.body.id).not.toBe(miss.body.id);
    expect(hit.body.usage).toMatchObject({ prompt_tokens: miss.body.usage!.prompt_tokens, cost_usd: 0 });
    // A streamed call of the same request is answered from the entry as orq.ai events.
    const streamedHit = await streamEvents('/v2/deployments/stream', { key: 'cached', inputs: { question: `same ${RUN}` } });
    expect(streamedHit.headers.get(RESPONSE_CACHE.header)).toBe('hit');
    expect(streamedHit.events.at(-1)!.data).toBe('[DONE]');
    expect(streamedHit.events.slice(0, -1).map((e) => (JSON.parse(e.data) as OrqAnswer).choices[0]!.message.content).join('')).toBe(miss.body.choices[0]!.message.content);
    // The usage event of a hit is marked cached with cost 0.
    await eventually(async () => {
      const records = await call<UsageRequestsPage>('GET', `${registryUrl}/v1/usage/requests?deployment=cached`, workspaceKey);
      expect(records.body.data.find((r) => r.requestId === hit.body.id)?.costUsd).toBe(0);
      expect(records.body.data.find((r) => r.requestId === miss.body.id)?.costUsd).toBeGreaterThan(0);
    }, 15_000);

    expect(cacheOf(await ask('cached', 'different'))).toBe('miss');

    const invalidated = await call<{ key: string; generation: number }>('POST', `${registryUrl}/v1/deployments/cached/cache/invalidate`, workspaceKey);
    expect(invalidated.status).toBe(200);
    expect(invalidated.body).toMatchObject({ key: 'cached', generation: 1 });
    expect(cacheOf(await ask('cached', 'same'))).toBe('miss');
    await eventually(async () => expect(cacheOf(await ask('cached', 'same'))).toBe('hit'), EVENTUALLY_MS);
    expect((await call('POST', `${registryUrl}/v1/deployments/cached/cache/invalidate`, otherKey)).status).toBe(404);

    // A new version is a new key: its first call misses.
    const published = await call<DeploymentView>('PUT', `${registryUrl}/v1/deployments/cached`, workspaceKey, { variants: [{ key: 'v', model: 'chat', ...template }], cache: { type: 'exact_match' }, note: 'v2' });
    expect(published.body.current.cache).toEqual({ type: 'exact_match', ttl: 1_800 });
    const first = await eventually(async () => {
      const answer = await ask('cached', 'same');
      expect(answer.headers.get(DEPLOYMENT_HEADERS.version)).toBe('2');
      return answer;
    }, EVENTUALLY_MS);
    expect(cacheOf(first)).toBe('miss');
    await eventually(async () => expect(cacheOf(await ask('cached', 'same'))).toBe('hit'), EVENTUALLY_MS);

    // Without a setting, nothing is cached (no header, never a hit).
    expect((await deploy({ key: 'uncached', variants: [{ key: 'v', model: 'chat', ...template }] })).body.current.cache).toBeNull();
    for (let i = 0; i < 3; i += 1) {
      const answer = await ask('uncached', 'same');
      expect(answer.status).toBe(200);
      expect(cacheOf(answer)).toBeNull();
    }
    // A per-call cache option caches that call (Model Garden's option, as on /v1).
    const perCall = { key: 'uncached', inputs: { question: `per call ${RUN}` }, cache: { type: 'exact_match', ttl: 60 } };
    expect(cacheOf(await invoke(perCall))).toBe('miss');
    await eventually(async () => expect(cacheOf(await invoke(perCall))).toBe('hit'), EVENTUALLY_MS);
  });

  it('keeps another workspace’s deployment invisible (404)', async () => {
    const answer = await invoke({ key: 'support', inputs: { question: 'q' } }, otherKey);
    expect(answer.status).toBe(404);
    expect(answer.body.error!.code).toBe('deployment_not_found');
    const list = await call<{ data: unknown[] }>('GET', `${gatewayUrl}/v2/deployments`, otherKey);
    expect(list.body.data).toEqual([]);
  });

  it('serves a completion model variant', async () => {
    expect((await deploy({ key: 'legacy', variants: [{ key: 'c', model: 'instruct', messages: [{ role: 'user', content: 'Say {{thing}}' }], variables: [{ name: 'thing', required: true }] }] })).status).toBe(201);
    const answer = await invoke({ key: 'legacy', inputs: { thing: 'hello' } });
    expect(answer.status).toBe(200);
    expect(answer.body.object).toBe('completion');
    expect(answer.body.choices[0]!.message).toMatchObject({ type: 'content', role: 'assistant', content: expect.stringContaining('Mock completion') });
  });

  it('answers mock_response without calling the model and records no usage; groups real usage by variant', async () => {
    expect((await deploy({ key: 'mocked', variants: [{ key: 'm', model: 'chat', ...template }] })).status).toBe(201);
    const mocked = await invoke({ key: 'mocked', inputs: { question: 'q' }, invoke_options: { mock_response: 'Canned answer' } });
    expect(mocked.status).toBe(200);
    expect(mocked.body).toMatchObject({ is_final: true, model: models['chat']!.ref, choices: [{ message: { type: 'content', content: 'Canned answer' } }] });
    const streamed = await streamEvents('/v2/deployments/stream', { key: 'mocked', inputs: { question: 'q' }, invoke_options: { mock_response: 'Canned' } });
    expect(streamed.events.map((e) => e.data).slice(-1)).toEqual(['[DONE]']);
    expect((JSON.parse(streamed.events[0]!.data) as OrqAnswer).choices[0]!.message.content).toBe('Canned');
    // A real call of the same deployment (same model, so its usage event follows the mocked ones' on the same partition).
    expect((await invoke({ key: 'mocked', inputs: { question: 'real' } })).status).toBe(200);
    const report = await eventually(async () => {
      const answer = await call<UsageReport>('GET', `${registryUrl}/v1/usage?groupBy=deployment,variant`, workspaceKey);
      for (const key of ['mocked/m', 'support/a', 'support/b', 'resilient/main']) expect(answer.body.groups.find((g) => g.key === key)?.requests).toBeGreaterThanOrEqual(1);
      return answer.body;
    }, 15_000);
    expect(report.groups.find((g) => g.key === 'mocked/m')!.requests).toBe(1);
    const a = report.groups.find((g) => g.key === 'support/a')!;
    expect(a).toMatchObject({ deploymentKey: 'support', deploymentVariant: 'a' });
    expect(a.costUsd).toBeGreaterThan(0);
    // Usage events are recorded asynchronously (and on other partitions than the ones waited for above).
    const byVersion = await eventually(async () => {
      const answer = await call<UsageReport>('GET', `${registryUrl}/v1/usage?groupBy=deployment,version&deployment=rollback`, workspaceKey);
      expect(answer.body.groups.map((g) => g.deploymentVersion)).toEqual(expect.arrayContaining([1, 2, 3]));
      return answer.body;
    }, 15_000);
    expect(byVersion.groups.map((g) => g.deploymentVersion)).toEqual(expect.arrayContaining([1, 2, 3]));
  });

  it('works with orq.ai’s official Node SDK pointed at the gateway: invoke, stream, get_config, list', async () => {
    const orq = new Orq({ apiKey: workspaceKey, serverURL: gatewayUrl });
    const invoked = await orq.deployments.invoke({ key: 'support', inputs: { question: 'SDK?' }, context: { plan: 'free' }, invokeOptions: { includeUsage: true } });
    expect(invoked?.choices[0]?.message).toMatchObject({ type: 'content', content: 'Mock reply to: Question: SDK?' });
    expect(invoked?.provider).toBe('openailike');
    expect(invoked?.usage?.totalTokens).toBeGreaterThan(0);
    expect(invoked?.created).toBeInstanceOf(Date);

    const stream = await orq.deployments.stream({ key: 'support', inputs: { question: 'SDK stream' } });
    let text = '';
    let finals = 0;
    for await (const event of stream) {
      const message = event.data?.choices[0]?.message;
      if (message && message.type === 'content') text += message.content ?? '';
      if (event.data?.isFinal) finals += 1;
    }
    expect(text).toBe('Mock reply to: Question: SDK stream');
    expect(finals).toBe(1);

    const config = await orq.deployments.getConfig({ key: 'support', inputs: { question: 'cfg', company: 'Initech' }, context: { plan: 'pro' } });
    expect(config).toMatchObject({ model: models['alt']!.ref, provider: 'openailike', version: '1', type: 'chat' });
    expect(config?.messages).toEqual([
      { role: 'system', content: 'You answer for Initech.' },
      { role: 'user', content: 'Question: cfg' },
    ]);

    const first = await orq.deployments.list({ limit: 2 });
    expect(first.object).toBe('list');
    expect(first.hasMore).toBe(true);
    expect(first.data).toHaveLength(2);
    const next = await orq.deployments.list({ limit: 50, startingAfter: first.data[1]!.id });
    const keys = [...first.data, ...next.data].map((d) => d.key);
    expect(keys).toEqual(expect.arrayContaining(['support', 'slow', 'resilient', 'rollback', 'legacy', 'mocked']));
    expect(new Set(keys).size).toBe(keys.length);
    const support = [...first.data, ...next.data].find((d) => d.key === 'support')!;
    expect(support.promptConfig).toMatchObject({ model: models['chat']!.ref, modelType: 'chat', provider: 'openailike', modelParameters: { temperature: 0.2, maxTokens: 100 } });
  });
});
