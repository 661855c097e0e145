import { EVENT_TYPES } from '@model-garden/contracts';
import { sql } from './support/db';
import { bearer, closeHttp, http, STACK_TRACE } from './support/http';
import { sleep, startPostgres, startRedis, stopPostgres, stopRedis } from './support/infra';
import {
  chat,
  chatModelBody,
  createActiveModel,
  createModel,
  createWorkspace,
  defineScenario,
  getModel,
  isOpenAiError,
  listPrivateModels,
  ready,
  recordFigure,
  REGISTRY,
  scenarioStats,
  state,
  url,
  waitFor,
} from './support/stack-client';

afterAll(closeHttp);

const FINAL = new Set(['active', 'failed']);

/** A registry error body: `{"error": {"code", "message"}}` without a stack trace. */
function expectCleanRegistryError(response: { status: number; json: unknown; text: string }, status: number): void {
  expect(response.status).toBe(status);
  expect((response.json as { error?: { code?: string; message?: string } }).error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  expect(response.text).not.toMatch(STACK_TRACE);
}

/**
 * DESIGN "Health: liveness and readiness per service (database, Redis, Kafka)". With
 * PostgreSQL or Redis stopped, readiness turns false, requests that need it get a
 * clear 503, nothing is half-written, and service resumes when it returns.
 */
describe('PostgreSQL stopped', () => {
  it('turns readiness false, answers 503, writes nothing half-way, and resumes', async () => {
    const ws = await createWorkspace('pgdown');
    const scenario = `rel-pg-${ws.slug}`;
    await defineScenario({ id: scenario, base: 'mock-chat' });
    const before = await createActiveModel(ws, chatModelBody({ modelId: scenario, key: 'before' }));
    // A validation whose verdict arrives while the database is away.
    await defineScenario({ id: `${scenario}-slow`, base: 'mock-chat', latencyMs: 700 });
    const inFlight = (await createModel(ws, chatModelBody({ modelId: `${scenario}-slow`, key: 'in-flight' }))).json as { id: string };
    // The validator has fetched the model and is probing: its verdict will arrive while the database is away.
    await waitFor('the in-flight validation to start probing', async () => (await scenarioStats(`${scenario}-slow`)).calls >= 1, 20_000, 50);

    await stopPostgres(state);
    const stoppedAt = Date.now();
    try {
      const readiness = await ready('registry');
      expect(readiness.status).toBe(503);
      expect(JSON.stringify(readiness.body)).toMatch(/database/);
      const attempts = [
        await createModel(ws, chatModelBody({ modelId: scenario, key: 'during' })),
        await http(`${REGISTRY}/v1/models/${before.id}`, { headers: bearer(ws.key) }),
        await http(`${REGISTRY}/v1/models?limit=5`, { headers: bearer(ws.key) }),
        await http(`${REGISTRY}/v1/models/${before.id}`, { method: 'PATCH', body: { name: 'renamed while down' }, headers: bearer(ws.key) }),
      ];
      for (const response of attempts) expectCleanRegistryError(response, 503);
      // The gateway serves what it has cached, or refuses cleanly.
      const gateway = await chat(ws.key, before.ref);
      expect(gateway.status === 200 || (gateway.status === 503 && isOpenAiError(gateway.json))).toBe(true);
      await sleep(2_000);
    } finally {
      await startPostgres(state);
    }
    recordFigure('postgres-outage.down-ms', Date.now() - stoppedAt);

    await waitFor('registry ready', async () => (await ready('registry')).status === 200, 30_000, 250);
    // Nothing half-written: the refused create left no row and no event; the rename did not happen.
    const models = await listPrivateModels(ws);
    expect(models.map((m) => m.key).sort()).toEqual(['before', 'in-flight']);
    expect(models.find((m) => m.key === 'before')!.name).toBe(before.name);
    const orphans = await sql(
      `SELECT o.seq FROM outbox o LEFT JOIN models m ON m.id::text = o.message_key WHERE o.event->>'type' = $1 AND m.id IS NULL`,
      [EVENT_TYPES.modelAdded],
    );
    expect(orphans).toEqual([]);
    // The verdict that arrived during the outage was applied once the database was back.
    const settled = await waitFor('the in-flight model to settle', async () => {
      const model = await getModel(ws, inFlight.id);
      return FINAL.has(model.status) ? model : undefined;
    }, 60_000, 500);
    expect(settled.status).toBe('active');
    // And new work flows end to end again.
    const after = await createActiveModel(ws, chatModelBody({ modelId: scenario, key: 'after' }));
    expect((await chat(ws.key, after.ref)).status).toBe(200);
  });
});

describe('Redis stopped', () => {
  it('turns readiness false, refuses with 503 where the rate limits cannot be checked, loses no model, and resumes', async () => {
    const ws = await createWorkspace('redisdown');
    const scenario = `rel-redis-${ws.slug}`;
    // Slow validations: when Redis stops, jobs are waiting and running in it (and are lost with it).
    await defineScenario({ id: scenario, base: 'mock-chat', latencyMs: 300 });
    const model = await createActiveModel(ws, chatModelBody({ modelId: scenario, key: 'served' }));
    const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => createModel(ws, chatModelBody({ modelId: scenario, key: `burst-${i}` }))));
    expect(burst.every((r) => r.status === 202)).toBe(true);
    await sleep(1_000);

    await stopRedis(state);
    const stoppedAt = Date.now();
    try {
      for (const service of ['registry', 'validator', 'gateway'] as const) {
        const readiness = await ready(service);
        expect(readiness.status).toBe(503);
        expect(JSON.stringify(readiness.body)).toMatch(/redis/);
        // The public port says only that it is not ready: no dependency names, no error text.
        expect((await http(`${url(service)}/health/ready`)).json).toEqual({ status: 'unavailable' });
      }
      // Per-key rate limits live in Redis: without it the registry refuses cleanly and at once
      // (never a hang, never a 500), and nothing is written.
      const during = await createModel(ws, chatModelBody({ modelId: scenario, key: 'during' }));
      expectCleanRegistryError(during, 503);
      expect(during.headers['retry-after']).toBeDefined();
      // The gateway serves from the allowance it already holds for the key, then refuses with 503.
      const inference = await chat(ws.key, model.ref, {}, { timeoutMs: 10_000 });
      expect(inference.status === 200 || (inference.status === 503 && isOpenAiError(inference.json))).toBe(true);
      await sleep(2_000);
    } finally {
      // An empty Redis comes back: queued and running validation jobs are gone.
      await startRedis(state);
    }
    recordFigure('redis-outage.down-ms', Date.now() - stoppedAt);
    await waitFor('validator and gateway ready', async () => (await ready('validator')).status === 200 && (await ready('gateway')).status === 200, 30_000, 250);

    const models = await waitFor(
      'every model final',
      async () => {
        const all = await listPrivateModels(ws);
        return all.length === 31 && all.every((m) => FINAL.has(m.status)) ? all : undefined;
      },
      120_000,
      1_000,
    );
    expect(models.filter((m) => m.status !== 'active').map((m) => `${m.key}: ${m.statusMessage}`)).toEqual([]);
    expect(models.some((m) => m.key === 'during')).toBe(false);
    recordFigure('redis-outage.models', models.length);
    recordFigure('redis-outage.re-requested-by-sweeper', models.filter((m) => m.revision > 1).length);
    expect((await chat(ws.key, model.ref)).status).toBe(200);
  });
});
