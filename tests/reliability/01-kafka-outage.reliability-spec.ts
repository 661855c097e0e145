import { EVENT_TYPES, QUEUES, TOPICS, validationJobId } from '@model-garden/contracts';
import Redis from 'ioredis';
import { sql } from './support/db';
import { closeHttp } from './support/http';
import { startKafka, stopKafka } from './support/infra';
import { envelopes, readTopics, topicOf } from './support/kafka';
import {
  chatModelBody,
  createActiveModel,
  createModel,
  createWorkspace,
  defineScenario,
  getModel,
  listPrivateModels,
  ready,
  recordFigure,
  scenarioStats,
  settings,
  state,
  waitFor,
} from './support/stack-client';

const MODELS = 200;

afterAll(closeHttp);

/**
 * DESIGN "Outbox: no model change is ever lost when Kafka is down; events flow when
 * it returns. Consumers are idempotent." The broker is stopped while 200 models are
 * added; every change is accepted and kept in the outbox, and once the broker is back
 * every model is validated exactly once and ends `active`.
 *
 * The outage also catches one validation in flight: its upstream keeps failing, and
 * when the validator runs out of attempts it cannot publish its verdict (no broker).
 * The registry's sweeper must notice the model has had no verdict for too long and
 * ask again, so it does not stay `validating` for ever.
 */
describe('Kafka stopped while 200 models are added', () => {
  const outcome = {} as {
    ws: Awaited<ReturnType<typeof createWorkspace>>;
    scenario: string;
    callsPerValidation: number;
    statuses: number[];
    pendingInOutbox: number;
    readyDuringOutage: number;
    restartedAt: number;
    lost: { id: string; revision: number; jobFailure: string | null };
  };

  beforeAll(async () => {
    const ws = await createWorkspace('kafka');
    const scenario = `rel-kafka-${ws.slug}`;
    const lostScenario = `rel-lost-${ws.slug}`;
    await defineScenario({ id: scenario, base: 'mock-chat' });
    // Every attempt of this one fails slowly with a 503 (transient): attempts run into the outage.
    await defineScenario({ id: lostScenario, base: 'mock-chat', failStatus: 503, latencyMs: 1_200 });
    // One model before the outage says how many upstream calls one validation makes.
    await createActiveModel(ws, chatModelBody({ modelId: scenario, key: 'warm-up' }));
    const callsPerValidation = (await scenarioStats(scenario)).calls;
    const lostModel = (await createModel(ws, chatModelBody({ modelId: lostScenario, key: 'lost-verdict' }))).json as { id: string; revision: number };
    await waitFor('the first attempt of the doomed validation', async () => (await scenarioStats(lostScenario)).calls >= 1, 30_000, 100);

    await stopKafka(state);
    const redis = new Redis(settings.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      const readyDuringOutage = (await ready('registry')).status;
      const statuses: number[] = [];
      const queue = Array.from({ length: MODELS }, (_, i) => i);
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
            statuses.push((await createModel(ws, chatModelBody({ modelId: scenario, key: `m-${i}`, name: `Outage model ${i}` }))).status);
          }
        }),
      );
      const [pending] = await sql<{ count: string }>(`SELECT count(*) FROM outbox WHERE published_at IS NULL AND event->>'type' = $1`, [EVENT_TYPES.modelAdded]);
      // The doomed job runs out of attempts and cannot publish its verdict: BullMQ marks it failed.
      await redis.connect();
      const jobKey = `${settings.redisPrefix}:${QUEUES.validation}:${validationJobId(lostModel.id, lostModel.revision)}`;
      await waitFor('the doomed job to fail', async () => Boolean(await redis.hget(jobKey, 'finishedOn')), 90_000, 250);
      const jobFailure = await redis.hget(jobKey, 'failedReason');
      // The upstream recovers meanwhile.
      await defineScenario({ id: lostScenario, base: 'mock-chat' });
      Object.assign(outcome, { ws, scenario, callsPerValidation, statuses, pendingInOutbox: Number(pending!.count), readyDuringOutage, lost: { ...lostModel, jobFailure } });
    } finally {
      redis.disconnect();
      await startKafka(state);
    }
    outcome.restartedAt = Date.now();
  }, 240_000);

  it('accepts every model while the broker is down and keeps every event in the outbox', () => {
    expect(outcome.callsPerValidation).toBeGreaterThan(0);
    expect(outcome.readyDuringOutage).toBe(503);
    expect(outcome.statuses.filter((s) => s === 202)).toHaveLength(MODELS);
    expect(outcome.pendingInOutbox).toBe(MODELS);
  });

  it('delivers every event once the broker is back, and validates each model exactly once', async () => {
    const { ws, scenario, callsPerValidation } = outcome;
    const models = await waitFor(
      `${MODELS} outage models active`,
      async () => {
        const all = (await listPrivateModels(ws)).filter((m) => m.key !== 'lost-verdict');
        return all.length === MODELS + 1 && all.every((m) => m.status === 'active') ? all : undefined;
      },
      120_000,
      1_000,
    );
    const recoveredMs = Date.now() - outcome.restartedAt;
    expect(models.every((m) => m.revision === 1)).toBe(true);

    // Every ModelAdded reached Kafka; each model got exactly one verdict and was probed
    // exactly once (a redelivered event or a replayed job would probe again).
    const [unpublished] = await sql<{ count: string }>('SELECT count(*) FROM outbox WHERE published_at IS NULL');
    expect(Number(unpublished!.count)).toBe(0);
    const events = envelopes(await readTopics([topicOf(TOPICS.models), topicOf(TOPICS.validation)]));
    const ids = new Set(models.map((m) => m.id));
    const added = events.filter((e) => e.type === EVENT_TYPES.modelAdded && ids.has(e.subject));
    const validated = events.filter((e) => e.type === EVENT_TYPES.modelValidated && ids.has(e.subject));
    expect(new Set(added.map((e) => e.subject)).size).toBe(MODELS + 1);
    expect(new Set(validated.map((e) => e.subject)).size).toBe(MODELS + 1);
    expect(validated.filter((e) => (e.data as { status: string }).status !== 'active')).toEqual([]);
    expect((await scenarioStats(scenario)).calls).toBe((MODELS + 1) * callsPerValidation);

    recordFigure('kafka-outage.models', MODELS);
    recordFigure('kafka-outage.model-added-events', added.length);
    recordFigure('kafka-outage.model-added-duplicates', added.length - (MODELS + 1));
    recordFigure('kafka-outage.verdicts', validated.length);
    recordFigure('kafka-outage.all-active-after-restart-ms', recoveredMs);
  });

  it('asks again for the validation whose verdict was lost, so the model does not stay validating', async () => {
    const { ws, lost } = outcome;
    expect(lost.jobFailure).toBeTruthy();
    const settled = await waitFor(
      'a final status for the model whose verdict was lost',
      async () => {
        const current = await getModel(ws, lost.id);
        return current.status === 'active' || current.status === 'failed' ? current : undefined;
      },
      90_000,
      500,
    );
    expect(settled.status).toBe('active');
    expect(settled.revision).toBeGreaterThan(lost.revision);
    recordFigure('kafka-outage.lost-verdict-recovered-ms', Date.now() - outcome.restartedAt);
  });
});
