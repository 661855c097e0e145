import { bearer, closeHttp, http, type HttpResponse } from './support/http';
import { startService, stopService } from './support/infra';
import { chat, chatModelBody, createActiveModel, createApiKey, createWorkspace, GATEWAY, isOpenAiError, recordFigure, REGISTRY, state } from './support/stack-client';

afterAll(closeHttp);

const LIMIT = 20;

/** Sends `count` requests one after the other; the answers in order. */
async function burst(count: number, send: () => Promise<HttpResponse>): Promise<HttpResponse[]> {
  const answers: HttpResponse[] = [];
  for (let i = 0; i < count; i += 1) answers.push(await send());
  return answers;
}

function expectLimited(answers: HttpResponse[], shape: (json: unknown) => boolean): void {
  const statuses = answers.map((a) => a.status);
  // The whole allowance first (a burst of the per-minute limit), then refusals.
  expect(statuses.slice(0, LIMIT).every((s) => s !== 429)).toBe(true);
  const refused = answers.slice(LIMIT);
  expect(refused.map((a) => a.status)).toEqual(refused.map(() => 429));
  for (const answer of refused) {
    expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(answer.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(shape(answer.json)).toBe(true);
  }
}

/**
 * Issue 8: "Rate limits per API key (requests per minute, in Redis) protect the registry
 * and the gateway from one noisy client, with 429 and Retry-After." Both services are
 * restarted with a limit of 20 per minute for this file (the rest of the tier runs
 * without a practical limit), then restored.
 */
describe('rate limits per API key', () => {
  beforeAll(async () => {
    await Promise.all([stopService(state, 'registry'), stopService(state, 'gateway')]);
    await startService(state, 'registry', { REGISTRY_RATE_LIMIT_PER_MINUTE: String(LIMIT) });
    await startService(state, 'gateway', { GATEWAY_RATE_LIMIT_PER_MINUTE: String(LIMIT) });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([stopService(state, 'registry'), stopService(state, 'gateway')]);
    await startService(state, 'registry');
    await startService(state, 'gateway');
  }, 120_000);

  it('the registry answers 429 with Retry-After past the limit, for that key only', async () => {
    const ws = await createWorkspace('limit');
    const noisy = await createApiKey(ws, ['models:read']);
    const quiet = await createApiKey(ws, ['models:read']);
    const answers = await burst(LIMIT + 5, () => http(`${REGISTRY}/v1/models?limit=1`, { headers: bearer(noisy.key) }));
    expectLimited(answers, (json) => (json as { error?: { code?: string } }).error?.code === 'rate_limited');
    expect(answers[0]!.headers['x-ratelimit-limit-requests']).toBe(String(LIMIT));
    // Another key of the same workspace is not affected.
    expect((await http(`${REGISTRY}/v1/models?limit=1`, { headers: bearer(quiet.key) })).status).toBe(200);
    recordFigure('rate-limit.registry-refused', answers.filter((a) => a.status === 429).length);
  });

  it('the gateway answers 429 with Retry-After in OpenAI’s shape past the limit, for that key only', async () => {
    const ws = await createWorkspace('gwlimit');
    const model = await createActiveModel(ws, chatModelBody({ key: 'limited' }));
    const noisy = await createApiKey(ws, ['inference']);
    const quiet = await createApiKey(ws, ['inference']);
    const answers = await burst(LIMIT + 5, () => chat(noisy.key, model.ref));
    expectLimited(answers, (json) => isOpenAiError(json) && (json as { error: { type: string } }).error.type === 'rate_limit_error');
    expect((await chat(quiet.key, model.ref)).status).toBe(200);
    // The limit covers every /v1 route of the key, listings included.
    expect((await http(`${GATEWAY}/v1/models`, { headers: bearer(noisy.key) })).status).toBe(429);
    recordFigure('rate-limit.gateway-refused', answers.filter((a) => a.status === 429).length);
  });
});
