import { type ChildProcess } from 'node:child_process';
import { type BudgetView, type CreateWorkspaceResponse, type ModelView, RESPONSE_CACHE, type ResponseCacheSummary } from '@model-garden/contracts';
import { eventually } from '@model-garden/testing';
import Redis from 'ioredis';
import OpenAI from 'openai';
import { startExtraGateway } from './extra-gateway';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this suite with tools/jest/e2e.config.js`);
  return value;
};

/**
 * Budgets and the exact-match cache end to end: the real registry, validator, gateway and
 * mock provider (tools/jest/e2e.global-setup.ts) plus a SECOND gateway process started
 * here on the same Redis, Kafka and registry. 32 concurrent clients are spread over the
 * two gateways; budgets hold across them (counters in Redis), the registry's ledger
 * (usage events) says what was consumed, and a Redis loss is repaired from that ledger.
 */

const RUN = Date.now().toString(36);
const CLIENTS = 32;
/** Calls one client makes at most before it gives up waiting for a refusal. */
const MAX_CALLS_PER_CLIENT = 40;
const PRICING = { inputPerMillionTokens: 2_000, outputPerMillionTokens: 4_000 };
const MESSAGES = [{ role: 'user', content: 'budget hello' }];

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { error?: { code: string; message: string }; usage?: { prompt_tokens: number; completion_tokens: number } };
}

describe('budgets and the exact-match cache across two gateway processes', () => {
  let registryUrl: string;
  let gateways: string[];
  let mockUrl: string;
  let mockKey: string;
  let adminToken: string;
  let second: ChildProcess | undefined;
  let redis: Redis;
  let redisPrefix: string;
  /** What one chat call (and one deployment call) costs, measured in a workspace of its own, so no test workspace caches its budgets before they exist. */
  const probe = { chatUsd: 0, chatTokens: 0, deploymentUsd: 0 };

  const call = async (method: string, url: string, token: string, body?: unknown): Promise<Answer> => {
    const response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Answer['body']) : {} };
  };

  interface Ws {
    slug: string;
    key: string;
    model: ModelView;
  }

  const workspace = async (name: string): Promise<Ws> => {
    const slug = `bc-${name}-${RUN}`;
    const created = await call('POST', `${registryUrl}/v1/workspaces`, adminToken, { slug, name });
    if (created.status !== 201) throw new Error(`workspace ${name}: ${created.status} ${JSON.stringify(created.body)}`);
    const key = (created.body as unknown as CreateWorkspaceResponse).apiKey.key;
    const model = await register(key, 'chat');
    return { slug, key, model };
  };

  const register = async (token: string, key: string, modelId = 'mock-chat'): Promise<ModelView> => {
    const answer = await call('POST', `${registryUrl}/v1/models?wait=30`, token, { type: 'chat', baseUrl: `${mockUrl}/v1`, apiKey: mockKey, name: key, modelId, key, region: 'eu', pricing: PRICING });
    const model = answer.body as unknown as ModelView;
    if (model.status !== 'active') throw new Error(`model ${key}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return model;
  };

  const createBudget = async (token: string, body: Record<string, unknown>): Promise<BudgetView> => {
    const answer = await call('POST', `${registryUrl}/v1/budgets`, token, { name: 'test', period: 'daily', ...body });
    if (answer.status !== 201) throw new Error(`budget: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body as unknown as BudgetView;
  };

  const getBudget = async (token: string, id: string): Promise<BudgetView> => (await call('GET', `${registryUrl}/v1/budgets/${id}`, token)).body as unknown as BudgetView;

  const chat = (gateway: string, token: string, model: string, extra: Record<string, unknown> = {}): Promise<Answer> =>
    call('POST', `${gateway}/v1/chat/completions`, token, { model, messages: MESSAGES, max_tokens: 3, ...extra });

  /** The cost of one call as the gateway charges it (usage × the model's prices). */
  const costOf = (answer: Answer): number =>
    (answer.body.usage!.prompt_tokens * PRICING.inputPerMillionTokens + answer.body.usage!.completion_tokens * PRICING.outputPerMillionTokens) / 1_000_000;

  /**
   * 32 clients, half on each gateway, each calling until it is refused: every refusal must
   * be the budget's. Then calls go on one by one until one is refused (in-flight estimates
   * may have refused early and been released since): the budget is really used up.
   */
  const exhaust = async (send: (gateway: string) => Promise<Answer>, budgetId: string): Promise<{ served: Answer[]; refusals: Answer[] }> => {
    const served: Answer[] = [];
    const refusals: Answer[] = [];
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        for (let i = 0; i < MAX_CALLS_PER_CLIENT; i += 1) {
          const answer = await send(gateways[client % 2]!);
          if (answer.status === 200) served.push(answer);
          else {
            refusals.push(answer);
            return;
          }
        }
      }),
    );
    // Settling is asynchronous: let the last calls' settlements land before checking the budget is used up.
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (let i = 0; i < 10 && refusals.length < CLIENTS + 1; i += 1) {
      const answer = await send(gateways[i % 2]!);
      if (answer.status === 200) served.push(answer);
      else refusals.push(answer);
    }
    expect(refusals.length).toBeGreaterThanOrEqual(CLIENTS + 1);
    for (const refusal of refusals) {
      expect(refusal.status).toBe(429);
      expect(refusal.body.error?.code).toBe('budget_exceeded');
      expect(refusal.headers.get('x-model-garden-budget')).toBe(budgetId);
      expect(refusal.body.error?.message).toContain(budgetId);
      expect(refusal.body.error?.message).toMatch(/resets at \d{4}-\d\d-\d\dT00:00:00\.000Z/);
      expect(Number(refusal.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    return { served, refusals };
  };

  /** The ledger's consumption once every served call's usage event reached it. */
  const settled = (token: string, budgetId: string, requests: number): Promise<BudgetView> =>
    eventually(async () => {
      const budget = await getBudget(token, budgetId);
      expect(budget.consumption.requests).toBe(requests);
      return budget;
    }, 30_000);

  const deployCapped = async (token: string): Promise<{ id: string }> => {
    const deployment = await call('POST', `${registryUrl}/v1/deployments`, token, { key: 'capped', variants: [{ key: 'only', model: 'chat', messages: MESSAGES, parameters: { maxTokens: 3 } }] });
    if (deployment.status !== 201) throw new Error(`deployment: ${deployment.status} ${JSON.stringify(deployment.body)}`);
    return deployment.body as unknown as { id: string };
  };

  const invoke = (gateway: string, token: string): Promise<Answer> => call('POST', `${gateway}/v2/deployments/invoke`, token, { key: 'capped', invoke_options: { include_usage: true } });

  beforeAll(async () => {
    registryUrl = env('E2E_REGISTRY_URL');
    mockUrl = env('E2E_MOCK_PROVIDER_URL');
    mockKey = env('E2E_MOCK_PROVIDER_API_KEY');
    adminToken = env('E2E_ADMIN_TOKEN');
    redisPrefix = env('E2E_REDIS_PREFIX');
    redis = new Redis(env('E2E_REDIS_URL'));
    const other = await startExtraGateway('gateway-2');
    second = other.child;
    gateways = [env('E2E_GATEWAY_URL'), other.url];
    const measured = await workspace('probe');
    const answer = await chat(gateways[0]!, measured.key, measured.model.ref);
    expect(answer.status).toBe(200);
    probe.chatUsd = costOf(answer);
    probe.chatTokens = answer.body.usage!.prompt_tokens + answer.body.usage!.completion_tokens;
    await deployCapped(measured.key);
    const invoked = await invoke(gateways[0]!, measured.key);
    expect(invoked.status).toBe(200);
    probe.deploymentUsd = costOf(invoked);
  }, 120_000);

  afterAll(async () => {
    second?.kill('SIGTERM');
    redis?.disconnect();
  });

  it.each([
    ['workspace', 'amount'],
    ['api_key', 'tokens'],
    ['model', 'amount'],
  ] as const)('a %s budget (%s limit) stops 32 concurrent clients on two gateways with 429 budget_exceeded, overshoot within what is in flight', async (kind, limit) => {
    const ws = await workspace(`${kind.replace('_', '')}`);
    const keyAnswer = await call('POST', `${registryUrl}/v1/api-keys`, ws.key, { label: 'limited', scopes: ['inference'] });
    const limitedKey = keyAnswer.body as unknown as { id: string; key: string };
    const other = await register(ws.key, 'other');
    const perCall = probe.chatUsd;
    const tokensPerCall = probe.chatTokens;
    const target = kind === 'workspace' ? null : kind === 'api_key' ? limitedKey.id : ws.model.id;
    const limits = limit === 'amount' ? { amount: Math.round(perCall * 20 * 1e6) / 1e6 } : { tokenLimit: tokensPerCall * 20 };
    const budget = await createBudget(ws.key, { scope: { kind, ...(target ? { targetId: target } : {}) }, limits, alerts: [{ threshold: 50 }, { threshold: 100 }] });
    const token = kind === 'api_key' ? limitedKey.key : ws.key;
    const { served } = await exhaust((gateway) => chat(gateway, token, ws.model.ref), budget.id);
    const view = await settled(ws.key, budget.id, served.length);
    const used = limit === 'amount' ? view.consumption.amount : view.consumption.tokens;
    const cap = limit === 'amount' ? limits.amount! : limits.tokenLimit!;
    const unit = limit === 'amount' ? perCall : tokensPerCall;
    expect(used).toBeGreaterThanOrEqual(cap);
    // Overshoot at most what was in flight: one call per client.
    expect(used - cap).toBeLessThanOrEqual(CLIENTS * unit + 1e-9);
    // Outside the scope, calls go on.
    if (kind === 'api_key') expect((await chat(gateways[1]!, ws.key, ws.model.ref)).status).toBe(200);
    if (kind === 'model') expect((await chat(gateways[1]!, ws.key, other.ref)).status).toBe(200);
    // Both alert thresholds were crossed, each published once.
    const alerts = await eventually(async () => {
      const answer = await call('GET', `${registryUrl}/v1/budgets/alerts`, ws.key);
      const mine = (answer.body['data'] as Array<{ budgetId: string; threshold: number }>).filter((a) => a.budgetId === budget.id);
      expect(mine.map((a) => a.threshold).sort()).toEqual([100, 50]);
      return mine;
    });
    expect(alerts).toHaveLength(2);
  }, 180_000);

  it('a deployment budget stops calls through /v2/deployments on both gateways', async () => {
    const ws = await workspace('deploy');
    const deployment = await deployCapped(ws.key);
    const perCall = probe.deploymentUsd;
    const amount = Math.round(perCall * 20 * 1e6) / 1e6;
    const budget = await createBudget(ws.key, { scope: { kind: 'deployment', targetId: 'capped' }, limits: { amount } });
    expect(budget.scope.targetId).toBe(deployment.id);
    const { served } = await exhaust((gateway) => invoke(gateway, ws.key), budget.id);
    const view = await settled(ws.key, budget.id, served.length);
    expect(view.consumption.amount).toBeGreaterThanOrEqual(amount);
    expect(view.consumption.amount - amount).toBeLessThanOrEqual(CLIENTS * perCall + 1e-9);
    // The model itself, called directly, is not that deployment.
    expect((await chat(gateways[1]!, ws.key, ws.model.ref)).status).toBe(200);
  }, 180_000);

  it('after Redis loses the counters, they are rebuilt from the ledger and the limit still holds; a reset starts again', async () => {
    const ws = await workspace('flush');
    const perCall = probe.chatUsd;
    const tokensPerCall = probe.chatTokens;
    const budget = await createBudget(ws.key, { scope: { kind: 'workspace' }, limits: { tokenLimit: tokensPerCall * 10 } });
    for (let i = 0; i < 5; i += 1) expect((await chat(gateways[i % 2]!, ws.key, ws.model.ref)).status).toBe(200);
    // The ledger has all five.
    await settled(ws.key, budget.id, 5);
    const pattern = `${redisPrefix}:gateway:budget:${budget.id}:*`;
    const keys = await redis.keys(pattern);
    expect(keys.length).toBeGreaterThan(0);
    await redis.del(...keys);
    expect((await chat(gateways[1]!, ws.key, ws.model.ref)).status).toBe(200);
    const [rebuilt] = (await redis.keys(pattern)).filter((key) => !key.includes(':rpm:'));
    // The ledger's five calls, plus this one.
    await eventually(async () => expect(Number(await redis.hget(rebuilt!, 'tokens'))).toBe(6 * tokensPerCall));
    expect(Number(await redis.hget(rebuilt!, 'amount')) / 1e9).toBeCloseTo(6 * perCall, 6);
    // Four more fit, then the budget refuses, on either gateway.
    for (let i = 0; i < 4; i += 1) expect((await chat(gateways[i % 2]!, ws.key, ws.model.ref)).status).toBe(200);
    await eventually(async () => {
      for (const gateway of gateways) expect((await chat(gateway, ws.key, ws.model.ref)).body.error?.code).toBe('budget_exceeded');
    });
    // A reset starts counting again at every gateway.
    const reset = await call('POST', `${registryUrl}/v1/budgets/${budget.id}/reset`, ws.key);
    expect(reset.status).toBe(200);
    expect((reset.body as unknown as BudgetView).consumption.requests).toBe(0);
    await eventually(async () => {
      for (const gateway of gateways) expect((await chat(gateway, ws.key, ws.model.ref)).status).toBe(200);
    });
  }, 120_000);

  it('the period rolls over: a gateway whose clock is in the next UTC day admits again', async () => {
    const ws = await workspace('roll');
    const budget = await createBudget(ws.key, { scope: { kind: 'workspace' }, limits: { tokenLimit: probe.chatTokens } });
    expect((await chat(gateways[0]!, ws.key, ws.model.ref)).status).toBe(200);
    expect((await chat(gateways[0]!, ws.key, ws.model.ref)).body.error?.code).toBe('budget_exceeded');
    const tomorrow = await startExtraGateway('gateway-tomorrow', { GATEWAY_BUDGET_CLOCK_OFFSET_MS: String(86_400_000) });
    const child = tomorrow.child;
    try {
      const answer = await chat(tomorrow.url, ws.key, ws.model.ref);
      expect(answer.status).toBe(200);
      const refused = await chat(tomorrow.url, ws.key, ws.model.ref);
      expect(refused.body.error?.message).toMatch(new RegExp(`resets at ${new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10)}T00:00:00.000Z`));
      // Today is still used up.
      expect((await chat(gateways[1]!, ws.key, ws.model.ref)).body.error?.code).toBe('budget_exceeded');
      expect(budget.period).toBe('daily');
    } finally {
      child.kill('SIGTERM');
    }
  }, 120_000);

  describe('exact-match cache with the official openai SDK', () => {
    let ws: Ws;
    let clients: OpenAI[];
    const question = (tag: string): OpenAI.ChatCompletionMessageParam[] => [{ role: 'user', content: `cache me ${tag} ${RUN}` }];
    const cache = { type: 'exact_match', ttl: 600 };

    beforeAll(async () => {
      ws = await workspace('cache');
      clients = gateways.map((gateway) => new OpenAI({ apiKey: ws.key, baseURL: `${gateway}/v1`, maxRetries: 0 }));
    }, 60_000);

    it('misses, then hits on the other gateway (same answer, usage event cached with cost 0), with keys in any order', async () => {
      const params = { model: ws.model.ref, messages: question('json'), temperature: 0, cache } as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming;
      const first = await clients[0]!.chat.completions.create(params).withResponse();
      expect(first.response.headers.get(RESPONSE_CACHE.header)).toBe('miss');
      const reordered = { cache, temperature: 0, messages: question('json'), model: ws.model.ref } as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming;
      const second = await eventually(async () => {
        const answer = await clients[1]!.chat.completions.create(reordered).withResponse();
        expect(answer.response.headers.get(RESPONSE_CACHE.header)).toBe('hit');
        return answer;
      });
      expect(second.data).toEqual(first.data);
      const summary = await eventually(async () => {
        const answer = (await call('GET', `${registryUrl}/v1/cache/summary`, ws.key)).body as unknown as ResponseCacheSummary;
        expect(answer.hits).toBeGreaterThanOrEqual(1);
        return answer;
      });
      expect(summary.savedUsd).toBeGreaterThan(0);
      expect(summary.hitRatio).toBeGreaterThan(0);
    });

    it('replays a hit as SSE in chat.completion.chunk shapes, and stores a streamed miss', async () => {
      const streamed = { model: ws.model.ref, messages: question('sse'), cache, stream: true, stream_options: { include_usage: true } } as unknown as OpenAI.ChatCompletionCreateParamsStreaming;
      const read = async (client: OpenAI): Promise<{ header: string | null; text: string; chunks: OpenAI.ChatCompletionChunk[] }> => {
        const { data, response } = await client.chat.completions.create(streamed).withResponse();
        const chunks: OpenAI.ChatCompletionChunk[] = [];
        for await (const chunk of data) chunks.push(chunk);
        return { header: response.headers.get(RESPONSE_CACHE.header), text: chunks.map((c) => c.choices[0]?.delta.content ?? '').join(''), chunks };
      };
      const miss = await read(clients[0]!);
      expect(miss.header).toBe('miss');
      const hit = await eventually(async () => {
        const answer = await read(clients[1]!);
        expect(answer.header).toBe('hit');
        return answer;
      });
      expect(hit.text).toBe(miss.text);
      expect(hit.chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
      expect(hit.chunks.at(-1)!.usage).toEqual(miss.chunks.at(-1)!.usage);
      // The same request without stream is the same entry.
      const { stream: _s, stream_options: _o, ...plain } = streamed as unknown as Record<string, unknown>;
      const json = await clients[0]!.chat.completions.create(plain as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming).withResponse();
      expect(json.response.headers.get(RESPONSE_CACHE.header)).toBe('hit');
      expect(json.data.choices[0]!.message.content).toBe(miss.text);
    });

    it('never hits across workspaces, and a model update is a miss', async () => {
      const params = { model: 'chat', messages: question('iso'), cache } as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming;
      const before = await clients[0]!.chat.completions.create(params);
      expect(before.model).toBe('mock-chat');
      await eventually(async () => expect((await clients[1]!.chat.completions.create(params).withResponse()).response.headers.get(RESPONSE_CACHE.header)).toBe('hit'));
      const other = await workspace('cache-other');
      const otherClient = new OpenAI({ apiKey: other.key, baseURL: `${gateways[0]}/v1`, maxRetries: 0 });
      expect((await otherClient.chat.completions.create(params).withResponse()).response.headers.get(RESPONSE_CACHE.header)).toBe('miss');
      // A new revision (another upstream model id) is another model: a miss at both gateways.
      const updated = await call('PATCH', `${registryUrl}/v1/models/${ws.model.id}?wait=30`, ws.key, { modelId: 'mock-chat-basic' });
      expect((updated.body as unknown as ModelView).revision).toBeGreaterThan(ws.model.revision);
      // Once a gateway sees the new revision, the old entry is never served again: the first call misses and asks the new upstream model.
      let missed = 0;
      await eventually(async () => {
        for (const client of clients) {
          const { data, response } = await client.chat.completions.create(params).withResponse();
          if (response.headers.get(RESPONSE_CACHE.header) === 'miss') missed += 1;
          expect(data.model).toBe('mock-chat-basic');
        }
      }, 15_000);
      expect(missed).toBeGreaterThanOrEqual(1);
    });

    it('refuses a bad cache option with a 400 naming the field, and never caches images', async () => {
      const bad = await call('POST', `${gateways[0]}/v1/chat/completions`, ws.key, { model: ws.model.ref, messages: MESSAGES, cache: { type: 'exact_match', ttl: 300_000 } });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ param: 'cache.ttl' });
      const image = await call('POST', `${gateways[0]}/v1/images/generations`, ws.key, { model: ws.model.ref, prompt: 'a cat', cache: { type: 'exact_match' } });
      expect(image.status).toBe(400);
      expect(image.body.error).toMatchObject({ param: 'cache' });
    });
  });
});
