import { createEnvelope, EVENT_TYPES, prefixedTopic, TOPICS, type UsageRecordedData } from '@model-garden/contracts';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import { UsageRecordEntity } from '../usage/usage-record.entity';
import { UsageRepository } from '../usage/usage.repository';
import { dataSourceOptions } from './data-source';

/**
 * `node dist/apps/registry/src/database/usage-bench.js <load|ingest> [--key=value]`: the
 * usage scenario's tools (`npm run bench -- --only=usage`), run against a registry's
 * database (DATABASE_URL, DATABASE_SCHEMA) and Kafka (KAFKA_BROKERS, KAFKA_TOPIC_PREFIX).
 * Prints one JSON line.
 *
 * - `load --workspace=<id> --records=N --days=30`: the fast path. N synthetic records
 *   spread over the last `days` days, written straight into usage_records one day at a
 *   time (generate_series) and rolled up with the ingestion's rollup SQL
 *   (UsageRepository.loadSynthetic), then ANALYZE.
 * - `ingest --events=N`: the real path. Produces N UsageRecorded events of a new
 *   workspace to the usage topic as fast as kafkajs sends them, and waits until the
 *   running registry has stored them all: events per second from the first send to the
 *   last record stored.
 */
const DAY_MS = 86_400_000;

function args(): Record<string, string> {
  return Object.fromEntries(process.argv.slice(3).map((a) => /^--([a-z-]+)=(.*)$/.exec(a)).flatMap((m) => (m ? [[m[1]!, m[2]!]] : [])));
}

async function connect(): Promise<{ dataSource: DataSource; usage: UsageRepository }> {
  const dataSource = new DataSource(dataSourceOptions(process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/model_garden', process.env['DATABASE_SCHEMA'] ?? 'public'));
  await dataSource.initialize();
  return { dataSource, usage: new UsageRepository(dataSource.getRepository(UsageRecordEntity)) };
}

async function load(options: Record<string, string>): Promise<Record<string, unknown>> {
  const workspaceId = options['workspace'];
  const records = Number(options['records']);
  const days = Number(options['days'] ?? 30);
  if (!workspaceId || !(records > 0) || !(days > 0)) throw new Error('load needs --workspace=<id> --records=N [--days=30]');
  const { dataSource, usage } = await connect();
  try {
    const end = Date.now();
    const start = end - days * DAY_MS;
    const firstDay = Math.floor(start / DAY_MS) * DAY_MS;
    await usage.ensurePartitions(new Date(firstDay).toISOString().slice(0, 10), new Date(end).toISOString().slice(0, 10));
    const started = performance.now();
    let loaded = 0;
    for (let day = firstDay; day < end; day += DAY_MS) {
      const from = Math.max(start, day);
      const to = Math.min(end, day + DAY_MS);
      const count = Math.round((records * (to - start)) / (end - start)) - loaded;
      if (count <= 0) continue;
      loaded += await usage.loadSynthetic(workspaceId, new Date(from), new Date(to), count, `syn-${workspaceId.slice(0, 8)}-${day / DAY_MS}-`);
    }
    const loadSeconds = (performance.now() - started) / 1000;
    const analyzed = performance.now();
    await usage.analyze();
    return { records: loaded, loadSeconds: round(loadSeconds), recordsPerSecond: Math.round(loaded / loadSeconds), analyzeSeconds: round((performance.now() - analyzed) / 1000) };
  } finally {
    await dataSource.destroy();
  }
}

async function ingest(options: Record<string, string>): Promise<Record<string, unknown>> {
  const events = Number(options['events']);
  if (!(events > 0)) throw new Error('ingest needs --events=N');
  const workspaceId = randomUUID();
  const topic = prefixedTopic(process.env['KAFKA_TOPIC_PREFIX'] ?? '', TOPICS.usage);
  const kafka = new Kafka({ clientId: 'usage-bench', brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  const { dataSource } = await connect();
  await producer.connect();
  try {
    const now = Date.now();
    const started = performance.now();
    for (let sent = 0; sent < events; sent += 1_000) {
      const messages = Array.from({ length: Math.min(1_000, events - sent) }, (_, j) => {
        const i = sent + j;
        const data: UsageRecordedData = {
          requestId: `ing-${workspaceId.slice(0, 8)}-${i}`,
          workspaceId,
          apiKeyId: `key-${i % 4}`,
          modelId: `model-${i % 8}`,
          modelRef: `bench@openailike/model-${i % 8}`,
          endpoint: 'chat.completions',
          status: i % 50 === 0 ? 502 : 200,
          inputTokens: 100 + (i % 300),
          outputTokens: i % 200,
          estimated: false,
          costUsd: 0.0001,
          latencyMs: 10 + (i % 900),
          streamed: i % 3 === 0,
          occurredAt: new Date(now - (i % 3_600) * 1_000).toISOString(),
        };
        return { key: data.modelId, value: JSON.stringify(createEnvelope(EVENT_TYPES.usageRecorded, '/model-garden/gateway', data.modelId, data)) };
      });
      await producer.send({ topic, acks: -1, messages });
    }
    const producedSeconds = (performance.now() - started) / 1000;
    const deadline = Date.now() + 600_000;
    let stored = 0;
    while (stored < events) {
      if (Date.now() > deadline) throw new Error(`the registry stored ${stored} of ${events} events within 600 s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const [row] = (await dataSource.query('SELECT count(*)::int AS n FROM usage_records WHERE workspace_id = $1', [workspaceId])) as { n: number }[];
      stored = row!.n;
    }
    const seconds = (performance.now() - started) / 1000;
    return { events, producedSeconds: round(producedSeconds), seconds: round(seconds), eventsPerSecond: Math.round(events / seconds) };
  } finally {
    await producer.disconnect();
    await dataSource.destroy();
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

const mode = process.argv[2];
const run = mode === 'load' ? load : mode === 'ingest' ? ingest : undefined;
if (!run) {
  process.stderr.write('usage: usage-bench.js load --workspace=<id> --records=N [--days=30] | ingest --events=N\n');
  process.exit(2);
}
run(args())
  .then((result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  })
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
