import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { EVENT_TYPES, type ModelValidatedData, type ModelView, TOPICS } from '@model-garden/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { internalUrl, logFile, replicaPorts, replicaUrl, type StackSettings } from '../../tools/stack/stack';
import { sql } from './support/db';
import { bearer, closeHttp, http, type HttpResponse } from './support/http';
import { killService, pidFiles, sleep, startService, stopService } from './support/infra';
import { envelopes, readTopics, topicOf } from './support/kafka';
import { balancedRequests, scaleIn, scaleOut, type ScaledOut, startExtraValidator } from './support/scale-out';
import {
  chat,
  chatModelBody,
  createActiveModel,
  createApiKey,
  createModel,
  createWorkspace,
  defineScenario,
  listPrivateModels,
  metricTotal,
  recordFigure,
  scenarioStats,
  settings,
  state,
  waitFor,
  usageTotals,
  type Workspace,
} from './support/stack-client';

const REPLICAS = [0, 1] as const;
/** The tier's settings before this file scaled the stack out; put back afterwards. */
const oneReplica: StackSettings = { ...settings };
let scaled: ScaledOut;

const gatewayOf = (replica: number): string => replicaUrl('gateway', settings, replica);
const address = (port: number): string => `${settings.host}:${port}`;

/** Runs `count` tasks, `concurrency` at a time; the results in order. */
async function pool<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

/** Every model of the workspace once none is `validating` any more. */
async function settled(ws: Workspace, count: number, timeoutMs: number): Promise<ModelView[]> {
  return waitFor(
    `${count} models out of validating`,
    async () => {
      const models = await listPrivateModels(ws, scaled.registry);
      return models.length === count && models.every((m) => m.status !== 'validating') ? models : undefined;
    },
    timeoutMs,
    500,
  );
}

/** The ModelValidated events published for these models, counted per revision (`<modelId>:<revision>`). */
async function verdictsPerRevision(modelIds: Set<string>): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const event of envelopes(await readTopics([topicOf(TOPICS.validation)]))) {
    const data = event.data as ModelValidatedData;
    if (event.type !== EVENT_TYPES.modelValidated || !modelIds.has(data.modelId)) continue;
    const revision = `${data.modelId}:${data.revision}`;
    counts.set(revision, (counts.get(revision) ?? 0) + 1);
  }
  return counts;
}

/** Validation jobs that ended in an `active` verdict, per validator replica (since each one started). */
async function activeVerdicts(replicas: readonly number[] = REPLICAS): Promise<number[]> {
  return Promise.all(replicas.map((r) => metricTotal(internalUrl('validator', settings, r), 'model_garden_validator_jobs_total', { queue: 'model-validation', outcome: 'active' })));
}

/** Models each registry replica accepted (202 on POST /v1/models) since it started. */
async function modelsAccepted(): Promise<number[]> {
  return Promise.all(REPLICAS.map((r) => metricTotal(internalUrl('registry', settings, r), 'model_garden_http_requests_total', { method: 'POST', route: '/v1/models', status: '202' })));
}

/**
 * How many probe calls one validation of a plain mock chat model makes: one model of a
 * fresh scenario, validated alone. A revision validated twice would show as twice that.
 */
async function probeCallsPerValidation(ws: Workspace): Promise<number> {
  const scenario = `rel-scale-calibrate-${ws.slug}-${randomUUID().slice(0, 8)}`;
  await defineScenario({ id: scenario, base: 'mock-chat' });
  await createActiveModel(ws, chatModelBody({ modelId: scenario, key: `calibrate-${scenario.slice(-8)}` }), scaled.registry);
  const { calls } = await scenarioStats(scenario);
  expect(calls).toBeGreaterThan(0);
  return calls;
}

/** The validation counts this file asserts: every revision of `models` published exactly once, every probe run once. */
async function expectValidatedOnce(models: ModelView[], scenario: string, callsPerValidation: number): Promise<void> {
  const verdicts = await verdictsPerRevision(new Set(models.map((m) => m.id)));
  expect([...verdicts.values()].filter((n) => n !== 1)).toEqual([]);
  expect(verdicts.size).toBe(models.length);
  expect((await scenarioStats(scenario)).calls).toBe(models.length * callsPerValidation);
}

type LoadOutcome = { id: string; status: number; at: number } | { id: string; error: string; at: number };

/** `loops` clients, each sending one chat completion after the other through nginx until stopped. */
function steadyLoad(loops: number, key: string, model: string): { stop: () => Promise<LoadOutcome[]> } {
  const outcomes: LoadOutcome[] = [];
  let running = true;
  const clients = Array.from({ length: loops }, async () => {
    while (running) {
      const id = `rel-scale-load-${randomUUID()}`;
      try {
        const response = await chat(key, model, {}, { gateway: scaled.gateway, headers: { 'x-request-id': id }, timeoutMs: 30_000 });
        outcomes.push({ id, status: response.status, at: Date.now() });
      } catch (error) {
        outcomes.push({ id, error: (error as Error).message, at: Date.now() });
      }
    }
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(clients);
      return outcomes;
    },
  };
}

/** The request ids a gateway replica's access log says it answered. */
function answeredBy(replica: number, prefix: string): Set<string> {
  const ids = new Set<string>();
  for (const line of readFileSync(logFile('gateway', settings, replica), 'utf8').split('\n')) {
    if (!line.includes('"msg":"inference"')) continue;
    const entry = JSON.parse(line) as { requestId?: string };
    if (entry.requestId?.startsWith(prefix)) ids.add(entry.requestId);
  }
  return ids;
}

/**
 * Issue 18, scale-out: two replicas of every platform service (registry, validator,
 * gateway, experiment worker) against one PostgreSQL, Redis and Kafka, nginx in front of
 * the registries and of the gateways (support/scale-out.ts). The gateways cache keys and
 * models for five minutes here, so a change that reaches them within the test can only
 * have come through its event. Afterwards the tier's one-of-each stack is put back.
 */
describe('scale-out: two replicas of every service behind nginx', () => {
  beforeAll(async () => {
    const started = Date.now();
    scaled = await scaleOut(state, {
      // nginx is the gateways' proxy (serviceEnvironment trusts its source address, loadBalancerSource).
      gateway: { GATEWAY_AUTH_CACHE_TTL_SECONDS: '300', GATEWAY_MODEL_CACHE_TTL_SECONDS: '300' },
    });
    recordFigure('scale-out.start-ms', Date.now() - started);
  }, 300_000);

  afterAll(async () => {
    await scaleIn(state, oneReplica, ['validator-3']);
    await closeHttp();
  }, 300_000);

  it('200 models added through both registries: each revision validated exactly once across both validators, every model active', async () => {
    const ws = await createWorkspace('scale');
    const callsPerValidation = await probeCallsPerValidation(ws);
    const scenario = `rel-scale-${ws.slug}`;
    await defineScenario({ id: scenario, base: 'mock-chat' });
    const [acceptedBefore, verdictsBefore] = [await modelsAccepted(), await activeVerdicts()];
    const count = 200;
    const started = Date.now();
    const created = await pool(count, 10, (i) => createModel(ws, chatModelBody({ modelId: scenario, key: `m-${i}` }), 0, scaled.registry));
    expect(created.filter((r) => r.status !== 202).map((r) => `${r.status} ${r.text}`)).toEqual([]);

    const models = (await settled(ws, count + 1, 180_000)).filter((m) => m.modelId === scenario);
    const allActiveMs = Date.now() - started;
    expect(models.filter((m) => m.status !== 'active').map((m) => `${m.key}: ${m.status} ${m.statusMessage}`)).toEqual([]);
    expect(models).toHaveLength(count);
    await expectValidatedOnce(models, scenario, callsPerValidation);

    // Both registries took writes and both validators ran validations, and between them exactly one per model.
    const accepted = (await modelsAccepted()).map((n, r) => n - acceptedBefore[r]!);
    const verdicts = (await activeVerdicts()).map((n, r) => n - verdictsBefore[r]!);
    expect(accepted.every((n) => n > 0)).toBe(true);
    expect(accepted.reduce((a, b) => a + b)).toBe(count);
    expect(verdicts.every((n) => n > 0)).toBe(true);
    expect(verdicts.reduce((a, b) => a + b)).toBe(count);
    recordFigure('scale-out.models', count);
    recordFigure('scale-out.models-per-registry', accepted.join('/'));
    recordFigure('scale-out.validations-per-validator', verdicts.join('/'));
    recordFigure('scale-out.all-active-ms', allActiveMs);
  });

  it('a model update and a key revocation reach both gateways (their caches outlive the test)', async () => {
    const ws = await createWorkspace('scaleinv');
    const model = await createActiveModel(ws, chatModelBody({ key: 'updated', maxTokens: 100 }), scaled.registry);
    const key = await createApiKey(ws, ['inference']);
    // Both gateways resolve and cache the key and the model (its max tokens, applied as the default).
    for (const r of REPLICAS) {
      const answer = await chat(key.key, model.ref, {}, { gateway: gatewayOf(r) });
      expect({ replica: r, status: answer.status, maxTokens: answer.headers['x-model-garden-max-tokens'] }).toEqual({ replica: r, status: 200, maxTokens: '100' });
    }

    const patched = await http(`${scaled.registry}/v1/models/${model.id}`, { method: 'PATCH', body: { maxTokens: 5 }, headers: bearer(ws.key) });
    expect(patched.status).toBe(200);
    const updatedAt = Date.now();
    const updateMs = await Promise.all(
      REPLICAS.map(async (r) => {
        await waitFor(`gateway ${r + 1} to apply the new ceiling`, async () => (await chat(key.key, model.ref, {}, { gateway: gatewayOf(r) })).headers['x-model-garden-max-tokens'] === '5', 15_000, 20);
        return Date.now() - updatedAt;
      }),
    );

    const revoked = await http(`${scaled.registry}/v1/api-keys/${key.id}`, { method: 'DELETE', headers: bearer(ws.key) });
    expect(revoked.status).toBe(204);
    const revokedAt = Date.now();
    const revokeMs = await Promise.all(
      REPLICAS.map(async (r) => {
        await waitFor(`gateway ${r + 1} to refuse the revoked key`, async () => (await chat(key.key, model.ref, {}, { gateway: gatewayOf(r) })).status === 401, 15_000, 20);
        return Date.now() - revokedAt;
      }),
    );
    // "Within a second" is the product's target, measured here and by the benchmark; the bound above only says the event arrived.
    recordFigure('scale-out.update-to-gateways-ms', updateMs.join('/'));
    recordFigure('scale-out.revocation-to-gateways-ms', revokeMs.join('/'));
  });

  it('a validator joining and leaving mid-burst (consumer-group rebalance) loses and duplicates nothing', async () => {
    const ws = await createWorkspace('scalereb');
    const callsPerValidation = await probeCallsPerValidation(ws);
    const scenario = `rel-scale-rebalance-${ws.slug}`;
    // 100 ms per probe call: validations are still running when the group changes.
    await defineScenario({ id: scenario, base: 'mock-chat', latencyMs: 100 });
    const groupId = `${settings.kafkaGroupPrefix}validator`;
    const kafka = new Kafka({ clientId: 'rel-scale-groups', brokers: settings.kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const members = async (): Promise<number> => (await admin.describeGroups([groupId])).groups[0]?.members.length ?? 0;

    // Models arrive steadily, one every 50 ms, while the third validator starts, works and stops.
    let adding = true;
    let added = 0;
    const outcomes: HttpResponse[] = [];
    const producer = (async () => {
      while (adding) {
        outcomes.push(await createModel(ws, chatModelBody({ modelId: scenario, key: `r-${added++}` }), 0, scaled.registry));
        await sleep(50);
      }
    })();
    try {
      await sleep(1_000);
      const third = await startExtraValidator(state);
      const joinedGroup = await waitFor('three members in the validators group', async () => (await members()) === 3, 30_000);
      await waitFor('the third validator to run validations', async () => (await metricTotal(third.internal, 'model_garden_validator_jobs_total', { queue: 'model-validation' })) >= 5, 60_000);
      const byThird = await metricTotal(third.internal, 'model_garden_validator_jobs_total', { queue: 'model-validation', outcome: 'active' });
      expect(await pidFiles(state).stop(third.name, 30_000)).toBe('stopped');
      await waitFor('two members in the validators group', async () => (await members()) === 2, 30_000);
      await sleep(1_000);
      adding = false;
      await producer;
      expect(joinedGroup).toBe(true);
      recordFigure('scale-out.rebalance.validations-by-joiner', byThird);
    } finally {
      adding = false;
      await producer;
      await admin.disconnect();
    }
    expect(outcomes.filter((r) => r.status !== 202).map((r) => `${r.status} ${r.text}`)).toEqual([]);

    const models = (await settled(ws, added + 1, 120_000)).filter((m) => m.modelId === scenario);
    expect(models.filter((m) => m.status !== 'active').map((m) => `${m.key}: ${m.status} ${m.statusMessage}`)).toEqual([]);
    expect(models).toHaveLength(added);
    await expectValidatedOnce(models, scenario, callsPerValidation);
    recordFigure('scale-out.rebalance.models', added);
  });

  it('one gateway, one validator and one registry SIGKILLed under steady load: only the killed gateway’s in-flight requests fail, nothing stays validating, usage equals what was served', async () => {
    const ws = await createWorkspace('scalekill');
    const scenario = `rel-scale-kill-${ws.slug}`;
    // 100 ms per answer: each client has a request in flight most of the time.
    await defineScenario({ id: scenario, base: 'mock-chat', latencyMs: 100 });
    const model = await createActiveModel(ws, chatModelBody({ modelId: scenario, key: 'load' }), scaled.registry);
    const killed = { gateway: 1, validator: 0, registry: 0 };
    // The gateway to be killed publishes no usage before it dies (a flush interval longer
    // than the test): what it served is only in its memory and its usage journal.
    await stopService(state, 'gateway', 20_000, killed.gateway);
    await startService(state, 'gateway', { GATEWAY_USAGE_FLUSH_INTERVAL_MS: '60000' }, 90_000, killed.gateway);
    const loops = 6;
    const traffic = steadyLoad(loops, ws.key, model.ref);

    let adding = true;
    let added = 0;
    const writes: { key: string; status: number | string }[] = [];
    const producer = (async () => {
      while (adding) {
        const key = `w-${added++}`;
        try {
          writes.push({ key, status: (await createModel(ws, chatModelBody({ modelId: scenario, key }), 0, scaled.registry)).status });
        } catch (error) {
          writes.push({ key, status: (error as Error).message });
        }
        await sleep(100);
      }
    })();

    await sleep(3_000);
    const killedAt = Date.now();
    await Promise.all([killService(state, 'gateway', killed.gateway), killService(state, 'validator', killed.validator), killService(state, 'registry', killed.registry)]);
    let outcomes: LoadOutcome[] = [];
    try {
      // The survivors carry the load alone for a while.
      await sleep(5_000);
    } finally {
      outcomes = await traffic.stop();
      adding = false;
      await producer;
      // The killed ones come back (the next tests and files expect every replica).
      await startService(state, 'registry', {}, 90_000, killed.registry);
      await Promise.all([startService(state, 'validator', {}, 90_000, killed.validator), startService(state, 'gateway', {}, 90_000, killed.gateway)]);
    }

    const killedGateway = address(replicaPorts(settings, killed.gateway).gateway);
    const balanced = new Map(balancedRequests(scaled, 'rel-scale-load-').map((line) => [line.requestId, line]));
    const failed = outcomes.filter((o) => !('status' in o) || o.status !== 200);
    // A failed request is one nginx had sent to the killed gateway, which died before answering (502 from nginx).
    for (const failure of failed) {
      const line = balanced.get(failure.id);
      expect({ id: failure.id, outcome: 'status' in failure ? failure.status : failure.error, upstream: line?.upstreams.split(', ').at(-1), status: line?.status }).toEqual({
        id: failure.id,
        outcome: 502,
        upstream: killedGateway,
        status: '502',
      });
    }
    // At most one request per client was in flight.
    expect(failed.length).toBeLessThanOrEqual(loops);
    // Later, nginx tried the dead gateway again (its connection refused) and passed the request on to the survivor.
    const passedOn = [...balanced.values()].filter((line) => line.upstreams.startsWith(`${killedGateway}, `) && line.status === '200');
    expect(passedOn.length).toBeGreaterThan(0);
    const served = outcomes.filter((o) => 'status' in o && o.status === 200);
    const servedAfterKill = served.filter((o) => o.at > killedAt + 1_000);
    expect(servedAfterKill.length).toBeGreaterThan(loops);
    // The writes: accepted unless in flight on the killed registry.
    const writesFailed = writes.filter((w) => w.status !== 202);
    expect(writesFailed.length).toBeLessThanOrEqual(1);
    for (const write of writesFailed) expect({ key: write.key, status: write.status }).toEqual({ key: write.key, status: 502 });

    // Every stored model reaches its verdict: the surviving validator recovers the killed one's jobs, the surviving registry relays the outbox.
    const stored = await settled(ws, writes.filter((w) => w.status === 202).length + 1, 120_000);
    expect(stored.filter((m) => m.status !== 'active').map((m) => `${m.key}: ${m.status} ${m.statusMessage}`)).toEqual([]);

    // Usage: exactly one record per answered request, none for a failed one. The killed
    // gateway had published none of its answers: its usage journal held them, and the
    // restarted gateway (the same GATEWAY_USAGE_JOURNAL_DIR) published them at its start.
    const servedIds = new Set(served.map((o) => o.id));
    const usageRows = (): Promise<{ request_id: string }[]> => sql(`SELECT request_id FROM usage_records WHERE workspace_id = $1 AND request_id LIKE 'rel-scale-load-%'`, [ws.id]);
    await waitFor('usage to catch up with every request served', async () => (await usageRows()).length >= servedIds.size, 30_000, 500);
    await sleep(1_000);
    const usage = (await usageRows()).map((row) => row.request_id.split('~')[0]!);
    const recorded = new Set(usage);
    expect(usage.length).toBe(recorded.size);
    expect(usage.filter((id) => !servedIds.has(id))).toEqual([]);
    expect([...servedIds].filter((id) => !recorded.has(id))).toEqual([]);
    const totals = await usageTotals(ws, scaled.registry);
    // The workspace's usage counts the requests served (the model's own validation makes no usage record).
    expect(totals.requests).toBe(served.length);
    expect(totals.errors).toBe(0);
    // Those of the killed gateway came from its journal, published by its next life: every request it served.
    const servedByKilled = served.filter((o) => balanced.get(o.id)?.upstreams.split(', ').at(-1) === killedGateway).length;
    expect(servedByKilled).toBeGreaterThan(0);
    const replayed = await metricTotal(internalUrl('gateway', settings, killed.gateway), 'model_garden_gateway_usage_events_replayed_total');
    expect(replayed).toBe(servedByKilled);

    recordFigure('scale-out.kill.requests', outcomes.length);
    recordFigure('scale-out.kill.served', served.length);
    recordFigure('scale-out.kill.failed-in-flight', failed.length);
    recordFigure('scale-out.kill.passed-on-after-refusal', passedOn.length);
    recordFigure('scale-out.kill.models-added', writes.length);
    recordFigure('scale-out.kill.usage-published-by-restarted-gateway', replayed);
  });

  it('a per-key rate limit holds across both gateways: the total admitted equals the limit', async () => {
    const limit = 40;
    await Promise.all(REPLICAS.map((r) => stopService(state, 'gateway', 20_000, r)));
    await Promise.all(REPLICAS.map((r) => startService(state, 'gateway', { GATEWAY_RATE_LIMIT_PER_MINUTE: String(limit) }, 90_000, r)));
    const ws = await createWorkspace('scalelimit');
    const model = await createActiveModel(ws, chatModelBody({ key: 'limited' }), scaled.registry);
    const key = await createApiKey(ws, ['inference']);
    const started = Date.now();
    const answers = await pool(limit * 3, 8, async (i) => {
      const id = `rel-scale-limit-${i}-${randomUUID()}`;
      return { id, answer: await chat(key.key, model.ref, {}, { gateway: scaled.gateway, headers: { 'x-request-id': id } }) };
    });
    const elapsedMs = Date.now() - started;
    expect(answers.filter(({ answer }) => answer.status !== 200 && answer.status !== 429).map(({ answer }) => `${answer.status} ${answer.text}`)).toEqual([]);
    const admitted = answers.filter(({ answer }) => answer.status === 200);
    // GCRA refills one request every 60 s / limit: a burst longer than that may admit one more per interval.
    const refills = Math.floor(elapsedMs / (60_000 / limit));
    expect(admitted.length).toBeGreaterThanOrEqual(limit);
    expect(admitted.length).toBeLessThanOrEqual(limit + refills);
    // Both gateways admitted some of them.
    const perGateway = REPLICAS.map((r) => {
      const ids = answeredBy(r, 'rel-scale-limit-');
      return admitted.filter(({ id }) => ids.has(id)).length;
    });
    expect(perGateway.every((n) => n > 0)).toBe(true);
    recordFigure('scale-out.rate-limit.admitted', admitted.length);
    recordFigure('scale-out.rate-limit.admitted-per-gateway', perGateway.join('/'));
    recordFigure('scale-out.rate-limit.burst-ms', elapsedMs);
  });
});
