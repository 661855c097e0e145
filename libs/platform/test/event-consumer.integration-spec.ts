import { randomUUID } from 'node:crypto';
import { createEnvelope, DEAD_LETTER_HEADERS, deadLetterTopicOf, EVENT_TYPES, type EventEnvelope } from '@model-garden/contracts';
import { type Consumer, type Kafka, type Producer } from 'kafkajs';
import { createLogger } from '../src/logging';
import { MetricsService } from '../src/metrics';
import { type EventConsumer, PermanentEventError, startEventConsumer } from '../src/kafka/event-consumer';
import { createKafka, ensureTopics } from '../src/kafka/kafka.factory';

/**
 * Reads a dead-letter topic (libs/testing's DeadLetterTap does the same for the apps;
 * platform cannot depend on libs/testing, which depends on platform).
 */
class DeadLetters {
  readonly parked: Array<{ topic: string; key: string | null; value: string | null; reason: string; error: string; sourceTopic: string; headers: Record<string, string> }> = [];
  private readonly consumer: Consumer;
  private readonly producer: Producer;

  constructor(kafka: Kafka, groupId: string) {
    this.consumer = kafka.consumer({ groupId, sessionTimeout: 6_000, heartbeatInterval: 500, maxWaitTimeInMs: 100 });
    this.producer = kafka.producer({ allowAutoTopicCreation: false });
  }

  async listen(topics: string[]): Promise<void> {
    await Promise.all([this.consumer.connect(), this.producer.connect()]);
    await this.consumer.subscribe({ topics: topics.map(deadLetterTopicOf), fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, message }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
        this.parked.push({
          topic,
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? null,
          reason: headers[DEAD_LETTER_HEADERS.reason] ?? '',
          error: headers[DEAD_LETTER_HEADERS.error] ?? '',
          sourceTopic: headers[DEAD_LETTER_HEADERS.topic] ?? '',
          headers,
        });
      },
    });
  }

  async produce(topic: string, key: string, values: unknown[]): Promise<void> {
    await this.producer.send({ topic, acks: -1, messages: values.map((v) => ({ key, value: typeof v === 'string' ? v : JSON.stringify(v) })) });
  }

  async waitFor(predicate: (letter: DeadLetters['parked'][number]) => boolean, count: number): Promise<DeadLetters['parked']> {
    const deadline = Date.now() + 20_000;
    while (this.parked.filter(predicate).length < count) {
      if (Date.now() > deadline) throw new Error('dead letters did not arrive in time');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return this.parked.filter(predicate);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.consumer.disconnect(), this.producer.disconnect()]);
  }
}

/**
 * The one consumer runner on the real broker: a permanent failure is parked on
 * `<topic>.dlq` and the partition moves on; a transient one is retried until it succeeds.
 */
describe('startEventConsumer: dead letters and retries (real Kafka)', () => {
  const run = randomUUID().slice(0, 8);
  const topic = `${process.env['KAFKA_TOPIC_PREFIX'] ?? ''}runner-${run}.events`;
  const kafka = createKafka({ clientId: `runner-${run}`, brokers: process.env['KAFKA_BROKERS']!.split(','), logger: createLogger({ service: 'test', level: 'silent' }) });
  const metrics = new MetricsService();
  const tap = new DeadLetters(kafka, `${process.env['KAFKA_GROUP_PREFIX'] ?? 'it-'}runner-${run}-dlq`);
  const applied: string[] = [];
  const failures = new Map<string, number>();
  let consumer: EventConsumer;

  const event = (marker: string): EventEnvelope => createEnvelope(EVENT_TYPES.modelDeleted, '/test', 'model-1', { modelId: 'model-1', workspaceId: 'w', revision: 1, marker });

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [topic], 1);
    await admin.disconnect();
    consumer = await startEventConsumer({
      kafka,
      groupId: `${process.env['KAFKA_GROUP_PREFIX'] ?? 'it-'}runner-${run}`,
      topics: [topic],
      logger: createLogger({ service: 'test', level: 'silent' }),
      metrics,
      maxWaitTimeInMs: 100,
      handle: async (received) => {
        const marker = (received.data as { marker: string }).marker;
        if (marker.startsWith('poison')) throw new PermanentEventError('invalid', 'data.marker names a poison');
        if (marker.startsWith('flaky')) {
          const seen = (failures.get(marker) ?? 0) + 1;
          failures.set(marker, seen);
          if (seen < 3) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        }
        applied.push(marker);
      },
    });
    await tap.listen([topic]);
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await tap.close();
  });

  async function appliedMarker(marker: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (!applied.includes(marker)) {
      if (Date.now() > deadline) throw new Error(`${marker} was never applied (applied: ${applied.join(', ')})`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('parks an unparseable message and an event its handler refuses for good, then applies the next one in the partition', async () => {
    const poison = event('poison-1');
    await tap.produce(topic, 'model-1', ['{"not": "an envelope"', poison, event('good-1')]);
    await appliedMarker('good-1');
    const parked = await tap.waitFor((l) => l.sourceTopic === topic, 2);
    expect(parked.map((l) => l.reason).sort()).toEqual(['invalid', 'unparseable']);
    const unparseable = parked.find((l) => l.reason === 'unparseable')!;
    expect(unparseable).toMatchObject({ topic: `${topic}.dlq`, key: 'model-1', value: '{"not": "an envelope"', error: 'message value is not JSON' });
    expect(unparseable.headers[DEAD_LETTER_HEADERS.offset]).toMatch(/^\d+$/);
    expect(unparseable.headers[DEAD_LETTER_HEADERS.partition]).toBe('0');
    const invalid = parked.find((l) => l.reason === 'invalid')!;
    expect(JSON.parse(invalid.value!)).toEqual(poison);
    expect(invalid.error).toBe('data.marker names a poison');
    expect(applied).not.toContain('poison-1');
    const counted = await metrics.registry.getSingleMetricAsString('model_garden_kafka_dead_letters_total');
    expect(counted).toContain(`{topic="${topic}",reason="unparseable"} 1`);
    expect(counted).toContain(`{topic="${topic}",reason="invalid"} 1`);
  });

  it('retries a transient failure in place (nothing parked) until it succeeds, keeping the order', async () => {
    const before = tap.parked.length;
    await tap.produce(topic, 'model-1', [event('flaky-1'), event('good-2')]);
    await appliedMarker('good-2');
    expect(failures.get('flaky-1')).toBe(3);
    expect(applied.indexOf('flaky-1')).toBeLessThan(applied.indexOf('good-2'));
    expect(tap.parked.length).toBe(before);
  });
});
