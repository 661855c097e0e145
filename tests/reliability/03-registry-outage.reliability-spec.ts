import { closeHttp } from './support/http';
import { sleep, startService, stopService } from './support/infra';
import {
  chat,
  chatModelBody,
  createActiveModel,
  createApiKey,
  createWorkspace,
  isOpenAiError,
  recordFigure,
  settings,
  state,
  usageTotals,
  waitFor,
} from './support/stack-client';

afterAll(closeHttp);

const ttlSeconds = Number(settings.overrides?.gateway?.['GATEWAY_MODEL_CACHE_TTL_SECONDS']);
const staleSeconds = Number(settings.overrides?.gateway?.['GATEWAY_CACHE_STALE_IF_ERROR_SECONDS']);

/**
 * DESIGN "gateways ... keep only a cache that events invalidate": with the registry
 * stopped, the gateway keeps serving the keys and models it has cached for a bounded
 * time (GATEWAY_*_CACHE_TTL_SECONDS + GATEWAY_CACHE_STALE_IF_ERROR_SECONDS), then
 * refuses with a clean 503, and serves again as soon as the registry is back, without
 * a restart. Usage recorded meanwhile reaches the registry when it returns.
 */
describe('registry stopped', () => {
  it('serves cached keys and models for a bounded time, refuses cleanly, and recovers without a restart', async () => {
    const ws = await createWorkspace('regdown');
    const model = await createActiveModel(ws, chatModelBody({ key: 'cached' }));
    const coldKey = await createApiKey(ws, ['inference']);
    // Let the gateway's second invalidation after the validation event pass, then warm its caches.
    await sleep(1_500);
    expect((await chat(ws.key, model.ref)).status).toBe(200);

    expect(await stopService(state, 'registry')).toBe('stopped');
    const stoppedAt = Date.now();
    const timeline: Array<{ at: number; status: number; wellFormed: boolean }> = [];
    try {
      // A key the gateway never saw cannot be checked: 503, never a 401 that would say it is wrong.
      const cold = await chat(coldKey.key, model.ref);
      expect(cold.status).toBe(503);
      expect(isOpenAiError(cold.json)).toBe(true);

      const limitMs = (ttlSeconds + staleSeconds) * 1000;
      while (Date.now() - stoppedAt < limitMs + 4_000) {
        const response = await chat(ws.key, model.ref);
        timeline.push({ at: Date.now() - stoppedAt, status: response.status, wellFormed: response.status === 200 || isOpenAiError(response.json) });
        await sleep(250);
      }
      const served = timeline.filter((t) => t.status === 200);
      const refused = timeline.filter((t) => t.status !== 200);
      // Served from the cache at first, for no longer than the configured bound...
      expect(served.length).toBeGreaterThan(0);
      expect(Math.max(...served.map((t) => t.at))).toBeLessThanOrEqual(limitMs + 1_000);
      // ...then refused cleanly, and never served again while the registry is away.
      expect(refused.length).toBeGreaterThan(0);
      expect(refused.every((t) => t.status === 503 && t.wellFormed)).toBe(true);
      expect(Math.min(...refused.map((t) => t.at))).toBeGreaterThan(Math.max(...served.map((t) => t.at)));
      recordFigure('registry-outage.served-from-cache-ms', Math.max(...served.map((t) => t.at)));
      recordFigure('registry-outage.requests-during-outage', timeline.length + 1);
    } finally {
      await startService(state, 'registry');
    }
    const back = Date.now();
    await waitFor('the gateway to serve again', async () => (await chat(ws.key, model.ref)).status === 200, 20_000, 250);
    recordFigure('registry-outage.recovered-after-restart-ms', Date.now() - back);
    expect((await chat(coldKey.key, model.ref)).status).toBe(200);

    // Every answered request was recorded, including those served while the registry was away.
    const answered = timeline.filter((t) => t.status === 200).length + 3;
    const usage = await waitFor('usage of the outage', async () => {
      const totals = await usageTotals(ws);
      return totals.requests - totals.errors >= answered ? totals : undefined;
    }, 20_000, 500);
    expect(usage.requests - usage.errors).toBe(answered);
  });
});
