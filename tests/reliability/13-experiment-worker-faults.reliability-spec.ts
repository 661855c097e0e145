import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_TYPES, type ExperimentCellCompletedData, TOPICS } from '@model-garden/contracts';
import { RegistryGrpcClient } from '@model-garden/platform';
import Redis from 'ioredis';
import { lastValueFrom } from 'rxjs';
import { sql } from './support/db';
import { closeHttp, http } from './support/http';
import { killService, startKafka, startService, stopKafka } from './support/infra';
import { envelopes, readTopics, runTopics, topicOf } from './support/kafka';
import { chatModelBody, createActiveModel, createWorkspace, defineScenario, recordFigure, REGISTRY, scenarioStats, settings, state, waitFor, type Workspace } from './support/stack-client';

afterAll(closeHttp);

const ROWS = 40;
const REPETITIONS = 2;
const COLUMNS = 2;
const CELLS = ROWS * COLUMNS * REPETITIONS;

interface RunState {
  id: string;
  status: string;
  counts: { queued: number; completed: number; failed: number; cancelled: number; total: number };
}

const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });

/** A workspace with two slow private chat models, a 40-row dataset and an experiment over them (160 cells). */
async function slowExperiment(prefix: string): Promise<{ ws: Workspace; experimentId: string; scenario: string }> {
  const ws = await createWorkspace(prefix);
  const scenario = `rel-${prefix}-${ws.slug}`;
  // 150 ms per answer, in chunks: the run lasts a few seconds at 4 cells in flight per model.
  await defineScenario({ id: scenario, base: 'mock-chat', latencyMs: 150, chunks: 5 });
  const a = await createActiveModel(ws, chatModelBody({ modelId: scenario, key: 'slow-a' }));
  const b = await createActiveModel(ws, chatModelBody({ modelId: scenario, key: 'slow-b' }));
  const dataset = await http(`${REGISTRY}/v1/datasets`, {
    headers: bearer(ws.key),
    body: { name: 'Rows', datapoints: Array.from({ length: ROWS }, (_, i) => ({ inputs: { n: String(i) }, expectedOutput: `Mock reply to: Say ${i}` })) },
  });
  expect(dataset.status).toBe(201);
  const experiment = await http(`${REGISTRY}/v1/experiments`, {
    headers: bearer(ws.key),
    body: {
      name: 'Faults',
      datasetId: (dataset.json as { id: string }).id,
      columns: [a, b].map((model, i) => ({ id: `m${i}`, kind: 'model', name: model.key, model: model.ref, messages: [{ role: 'user', content: 'Say {{n}}' }] })),
      evaluatorIds: ['builtin.levenshtein'],
      repetitions: REPETITIONS,
      concurrencyPerModel: 4,
    },
  });
  expect(experiment.status).toBe(201);
  return { ws, experimentId: (experiment.json as { id: string }).id, scenario };
}

async function startRun(ws: Workspace, experimentId: string): Promise<string> {
  const run = await http(`${REGISTRY}/v1/experiments/${experimentId}/runs`, { method: 'POST', headers: bearer(ws.key) });
  expect(run.status).toBe(202);
  return (run.json as { id: string }).id;
}

async function runState(ws: Workspace, experimentId: string, runId: string): Promise<RunState> {
  const response = await http(`${REGISTRY}/v1/experiments/${experimentId}/runs/${runId}`, { headers: bearer(ws.key) });
  return response.json as RunState;
}

/**
 * Every cell exactly once: the run completed with every cell `completed` in its first
 * attempt, the run's counters equal the cells table (a result applied twice would push
 * `completed` past the total), and every cell published at least once, however many
 * duplicates the fault caused on the topic.
 */
async function expectEveryCellOnce(ws: Workspace, experimentId: string, runId: string, figure: string, since: number): Promise<void> {
  const done = await waitFor(
    'the run to complete',
    async () => {
      const run = await runState(ws, experimentId, runId);
      return run.status === 'completed' || run.status === 'failed' ? run : undefined;
    },
    180_000,
    500,
  );
  expect(done.status).toBe('completed');
  expect(done.counts).toEqual({ queued: 0, completed: CELLS, failed: 0, cancelled: 0, total: CELLS });
  const rows = await sql<{ status: string; attempt: number; n: string }>(`SELECT status, attempt, count(*) AS n FROM experiment_cells WHERE run_id = $1 GROUP BY status, attempt`, [runId]);
  expect(rows.map((r) => ({ status: r.status, attempt: r.attempt, n: Number(r.n) }))).toEqual([{ status: 'completed', attempt: 1, n: CELLS }]);
  const [incomplete] = await sql<{ n: string }>(`SELECT count(*) AS n FROM experiment_cells WHERE run_id = $1 AND (latency_ms IS NULL OR ttft_ms IS NULL OR output IS NULL OR jsonb_array_length(scores) <> 1)`, [runId]);
  expect(Number(incomplete!.n)).toBe(0);
  const published = envelopes(await readTopics([topicOf(TOPICS.experimentResults)])).filter(
    (e) => e.type === EVENT_TYPES.experimentCellCompleted && (e.data as ExperimentCellCompletedData).runId === runId,
  );
  const distinct = new Set(published.map((e) => (e.data as ExperimentCellCompletedData).cellId));
  expect(distinct.size).toBe(CELLS);
  recordFigure(`${figure}.cells`, CELLS);
  recordFigure(`${figure}.results-published`, published.length);
  recordFigure(`${figure}.duplicates-ignored`, published.length - CELLS);
  recordFigure(`${figure}.completed-after-fault-ms`, Date.now() - since);
}

/** The run's gateway key, as the experiment worker fetches it (gRPC with the service token). */
async function runCredential(runId: string): Promise<string> {
  const client = new RegistryGrpcClient({ url: `${settings.host}:${settings.ports.registryGrpc}`, serviceToken: settings.serviceTokens.experimentWorker });
  try {
    return (await lastValueFrom(client.service.getExperimentRunCredential({ runId }, client.metadata()))).apiKey;
  } finally {
    client.close();
  }
}

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
}

/** Where a secret could leak: every log file, every Kafka message of the run's topics, every Redis value. */
async function placesHolding(secret: string): Promise<string[]> {
  const found = files(join(state.dir, 'logs'))
    .filter((file) => readFileSync(file, 'utf8').includes(secret))
    .map((file) => `log ${file}`);
  for (const m of await readTopics(await runTopics())) if (`${m.key}\n${m.value}\n${m.headers}`.includes(secret)) found.push(`kafka ${m.topic}@${m.offset}`);
  const redis = new Redis(settings.redisUrl, { maxRetriesPerRequest: 2 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'COUNT', 1_000);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        const value = type === 'string' ? await redis.get(key) : type === 'hash' ? JSON.stringify(await redis.hgetall(key)) : type === 'zset' ? JSON.stringify(await redis.zrange(key, 0, -1)) : type === 'list' ? JSON.stringify(await redis.lrange(key, 0, -1)) : '';
        if (`${key}${value ?? ''}`.includes(secret)) found.push(`redis ${key}`);
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return found;
}

/**
 * DESIGN "a worker killed mid-run loses no cell and duplicates none": the experiment
 * worker is SIGKILLed while cells are in flight and restarted; BullMQ's stalled-job
 * recovery runs the interrupted cells again, the leased model slots of the dead worker
 * expire, and the registry stores each cell once.
 */
describe('experiment worker killed (SIGKILL) in the middle of a run', () => {
  it('completes the run with every cell exactly once', async () => {
    const { ws, experimentId, scenario } = await slowExperiment('xkill');
    const runId = await startRun(ws, experimentId);
    const runKey = await runCredential(runId);
    await waitFor('some cells in', async () => (await runState(ws, experimentId, runId)).counts.completed >= 20, 60_000, 100);
    const before = (await runState(ws, experimentId, runId)).counts.completed;
    await killService(state, 'experiment-worker');
    const killedAt = Date.now();
    await startService(state, 'experiment-worker');
    await expectEveryCellOnce(ws, experimentId, runId, 'experiment-worker-kill', killedAt);
    expect(before).toBeLessThan(CELLS);
    recordFigure('experiment-worker-kill.completed-before-kill', before);
    recordFigure('experiment-worker-kill.upstream-calls', (await scenarioStats(scenario)).calls);
    // The run's key never travelled in Kafka or Redis, nor reached a log; and it is revoked now.
    expect(runKey).toMatch(/^mgk_/);
    expect(await placesHolding(runKey)).toEqual([]);
    const refused = await http(`${REGISTRY}/v1/models`, { headers: bearer(runKey) });
    expect(refused.status).toBe(401);
  }, 240_000);
});

/**
 * The broker is restarted mid-run: the worker cannot publish results (its jobs retry
 * with backoff), the registry cannot consume them; once Kafka is back every cell is
 * stored once and the run completes. Should a cell's job run out of attempts, the
 * registry's sweeper asks for the run again and the worker retries it.
 */
describe('Kafka restarted in the middle of an experiment run', () => {
  it('completes the run with every cell exactly once', async () => {
    const { ws, experimentId } = await slowExperiment('xkafka');
    const runId = await startRun(ws, experimentId);
    await waitFor('some cells in', async () => (await runState(ws, experimentId, runId)).counts.completed >= 20, 60_000, 100);
    await stopKafka(state);
    const stoppedAt = Date.now();
    try {
      await new Promise((resolve) => setTimeout(resolve, 4_000));
    } finally {
      await startKafka(state);
    }
    recordFigure('experiment-kafka-restart.outage-ms', Date.now() - stoppedAt);
    await expectEveryCellOnce(ws, experimentId, runId, 'experiment-kafka-restart', stoppedAt);
  }, 300_000);
});
