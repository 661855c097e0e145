import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventEnvelope, type UsageRecordedData } from '@model-garden/contracts';
import { createLogger, MetricsService, type ServiceConnections } from '@model-garden/platform';
import { type GatewayConfig } from '../config/gateway.config';
import { type Message } from 'kafkajs';
import { GatewayMetrics } from '../metrics/gateway.metrics';
import { type UsageJournal } from './usage-journal';
import { UsageRecorder, type UsageSink } from './usage-recorder.service';

class FakeSink implements UsageSink {
  published: EventEnvelope[] = [];
  /** Every message offered, published or not. */
  attempted: Message[] = [];
  keys: string[] = [];
  failing = false;
  async publishMessages(_topic: string, messages: Message[]): Promise<void> {
    this.attempted.push(...messages);
    if (this.failing) throw new Error('kafka down');
    for (const message of messages) {
      this.published.push(JSON.parse(String(message.value)) as EventEnvelope);
      this.keys.push(String(message.key));
    }
  }
  async disconnect(): Promise<void> {}
}

const event = (requestId: string): UsageRecordedData => ({
  requestId,
  workspaceId: 'ws',
  apiKeyId: 'k',
  modelId: 'm',
  modelRef: 'demo@openailike/m',
  endpoint: 'chat.completions',
  status: 200,
  inputTokens: 1,
  outputTokens: 2,
  estimated: false,
  costUsd: 0,
  latencyMs: 3,
  streamed: false,
  occurredAt: new Date().toISOString(),
});

let dirs: string[] = [];
let started: UsageRecorder[] = [];
const newDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'usage-recorder-'));
  dirs.push(dir);
  return dir;
};
const segments = (dir: string): string[] => readdirSync(dir).filter((name) => name.endsWith('.jsonl'));
const ids = (sink: FakeSink): string[] => sink.published.map((e) => (e.data as UsageRecordedData).requestId);

/** A recorder started on `dir` (its journal's leftovers queued), publishing to a fake sink. */
function recorder(bufferMax = 100, dir = newDir()): { usage: UsageRecorder; sink: FakeSink; metrics: GatewayMetrics; dir: string } {
  const config = {
    KAFKA_TOPIC_PREFIX: 't.',
    GATEWAY_USAGE_FLUSH_INTERVAL_MS: 1_000,
    GATEWAY_USAGE_BATCH_SIZE: 2,
    GATEWAY_USAGE_BUFFER_MAX: bufferMax,
    GATEWAY_USAGE_JOURNAL_DIR: dir,
  } as GatewayConfig;
  const connections = { kafka: { producer: () => ({}) } } as unknown as ServiceConnections;
  const metrics = new GatewayMetrics(new MetricsService());
  const usage = new UsageRecorder(connections, config, metrics, createLogger({ service: 'test', level: 'silent' }));
  const sink = new FakeSink();
  usage.useSink(sink);
  usage.onModuleInit();
  started.push(usage);
  return { usage, sink, metrics, dir };
}

/** What a SIGKILL leaves: the journal's files (closed by the kernel) and a lock naming a process that is gone; nothing published. */
function kill(usage: UsageRecorder, dir: string): void {
  (usage as unknown as { journal: UsageJournal }).journal.shutdown();
  started = started.filter((s) => s !== usage);
  writeFileSync(join(dir, 'journal.lock'), '999999999\n');
}

afterEach(async () => {
  for (const usage of started) await usage.onApplicationShutdown();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
  started = [];
});

describe('UsageRecorder', () => {
  it('publishes buffered events in batches as envelopes keyed by model', async () => {
    const { usage, sink } = recorder();
    ['a', 'b', 'c'].forEach((id) => usage.record(event(id)));
    await usage.flush();
    expect(sink.published.map((e) => (e.data as UsageRecordedData).requestId)).toEqual(['a', 'b']);
    await usage.flush();
    expect(sink.published).toHaveLength(3);
    expect(sink.published[0]).toMatchObject({ type: 'model-garden.usage.recorded', subject: 'm', specversion: '1.0' });
    // Each event is serialised once, when recorded: the envelope's time is the event's occurredAt.
    expect(sink.published[0].time).toBe((sink.published[0].data as UsageRecordedData).occurredAt);
    expect(sink.keys).toEqual(['m', 'm', 'm']);
  });

  it('keeps a failed batch at the front and publishes it when Kafka returns', async () => {
    const { usage, sink } = recorder();
    sink.failing = true;
    usage.record(event('a'));
    usage.record(event('b'));
    await usage.flush();
    expect(usage.pending).toBe(2);
    usage.record(event('c'));
    sink.failing = false;
    await usage.onApplicationShutdown();
    expect(sink.published.map((e) => (e.data as UsageRecordedData).requestId)).toEqual(['a', 'b', 'c']);
  });

  it('is bounded: beyond the maximum the oldest events are dropped and counted', async () => {
    const { usage, sink, metrics } = recorder(100);
    for (let i = 0; i < 105; i += 1) usage.record(event(String(i)));
    expect(usage.pending).toBe(100);
    expect((await metrics.usageDropped.get()).values[0].value).toBe(5);
    await usage.flush();
    expect((sink.published[0].data as UsageRecordedData).requestId).toBe('5');
  });

  it('journals every event before publishing, and deletes a segment once Kafka acknowledged all of it', async () => {
    const { usage, sink, dir, metrics } = recorder();
    sink.failing = true;
    usage.record(event('a'));
    usage.record(event('b'));
    await usage.flush();
    // The batch failed: its segment (sealed by the flush) stays, beside the new current one.
    expect(segments(dir)).toHaveLength(2);
    sink.failing = false;
    usage.record(event('c'));
    await usage.onApplicationShutdown();
    started = [];
    expect(ids(sink)).toEqual(['a', 'b', 'c']);
    expect(readdirSync(dir)).toEqual([]);
    expect((await metrics.usageJournalSegments.get()).values[0].value).toBe(0);
  });

  it('publishes at start what a killed process left in its journal, first, exactly as it was recorded', async () => {
    const first = recorder();
    first.sink.failing = true;
    ['a', 'b', 'c'].forEach((id) => first.usage.record(event(id)));
    await first.usage.flush();
    kill(first.usage, first.dir);
    expect(first.sink.published).toEqual([]);

    const second = recorder(100, first.dir);
    second.usage.record(event('d'));
    expect(second.usage.pending).toBe(4);
    expect((await second.metrics.usageReplayed.get()).values[0].value).toBe(3);
    await second.usage.onApplicationShutdown();
    started = [];
    expect(ids(second.sink)).toEqual(['a', 'b', 'c', 'd']);
    // Re-sent identically: the same envelope (id, time) and key.
    expect(second.sink.published[0]).toEqual(JSON.parse(String(first.sink.attempted[0]?.value)));
    expect(second.sink.keys).toEqual(['m', 'm', 'm', 'm']);
    expect(readdirSync(first.dir)).toEqual([]);
  });

  it('keeps the journal consistent with the bounded buffer: a dropped event leaves both, counted', async () => {
    const { usage, sink, metrics, dir } = recorder(100);
    sink.failing = true;
    for (let i = 0; i < 60; i += 1) usage.record(event(String(i)));
    await usage.flush();
    for (let i = 60; i < 105; i += 1) usage.record(event(String(i)));
    expect(usage.pending).toBe(100);
    expect((await metrics.usageDropped.get()).values[0].value).toBe(5);
    kill(usage, dir);
    // What the next start finds is exactly what was still queued.
    const next = recorder(1_000, dir);
    expect(next.usage.pending).toBe(100);
    await next.usage.onApplicationShutdown();
    started = [];
    expect(ids(next.sink)).toEqual(Array.from({ length: 100 }, (_, i) => String(i + 5)));
    expect(segments(dir)).toEqual([]);
  });

  it('refuses to start on a journal directory another live process holds', () => {
    const dir = newDir();
    writeFileSync(join(dir, 'journal.lock'), `${process.ppid}\n`);
    expect(() => recorder(100, dir)).toThrow(/GATEWAY_USAGE_JOURNAL_DIR .* is in use by the live process/);
  });
});
