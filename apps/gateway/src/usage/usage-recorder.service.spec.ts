import { type EventEnvelope, type UsageRecordedData } from '@model-garden/contracts';
import { createLogger, MetricsService, type ServiceConnections } from '@model-garden/platform';
import { type GatewayConfig } from '../config/gateway.config';
import { type Message } from 'kafkajs';
import { GatewayMetrics } from '../metrics/gateway.metrics';
import { UsageRecorder, type UsageSink } from './usage-recorder.service';

class FakeSink implements UsageSink {
  published: EventEnvelope[] = [];
  keys: string[] = [];
  failing = false;
  async publishMessages(_topic: string, messages: Message[]): Promise<void> {
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

function recorder(bufferMax = 100): { usage: UsageRecorder; sink: FakeSink; metrics: GatewayMetrics } {
  const config = { KAFKA_TOPIC_PREFIX: 't.', GATEWAY_USAGE_FLUSH_INTERVAL_MS: 1_000, GATEWAY_USAGE_BATCH_SIZE: 2, GATEWAY_USAGE_BUFFER_MAX: bufferMax } as GatewayConfig;
  const connections = { kafka: { producer: () => ({}) } } as unknown as ServiceConnections;
  const metrics = new GatewayMetrics(new MetricsService());
  const usage = new UsageRecorder(connections, config, metrics, createLogger({ service: 'test', level: 'silent' }));
  const sink = new FakeSink();
  usage.useSink(sink);
  return { usage, sink, metrics };
}

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
});
