import { DEAD_LETTER_HEADERS, deadLetterTopicOf } from '@model-garden/contracts';
import { ensureTopics } from '@model-garden/platform';
import { type Consumer, Kafka, logLevel, type Producer } from 'kafkajs';

/** One message as a dead-letter topic holds it: the original bytes and the `mg-dlq-*` headers. */
export interface DeadLetter {
  topic: string;
  key: string | null;
  value: string | null;
  reason: string;
  error: string;
  sourceTopic: string;
  group: string;
  headers: Record<string, string>;
}

/**
 * A test's view of dead-letter topics on the real broker: it produces raw messages
 * (poison included) to consumed topics and reads what consumers parked on `<topic>.dlq`.
 */
export class DeadLetterTap {
  readonly parked: DeadLetter[] = [];
  private readonly kafka: Kafka;
  private consumer: Consumer | undefined;
  private producer: Producer | undefined;

  constructor(
    private readonly id: string,
    brokers: string[] = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','),
  ) {
    this.kafka = new Kafka({ clientId: `dlq-tap-${id}`, brokers, logLevel: logLevel.NOTHING });
  }

  /** Reads the dead-letter topics of `consumedTopics` from the beginning (creating them if missing). */
  async listen(consumedTopics: string[]): Promise<void> {
    const topics = consumedTopics.map(deadLetterTopicOf);
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      // The service under test may be creating the same topics; ensureTopics returns once every partition has a leader.
      await ensureTopics(admin, topics, 1);
    } finally {
      await admin.disconnect();
    }
    this.consumer = this.kafka.consumer({ groupId: `${process.env['KAFKA_GROUP_PREFIX'] ?? 'it-'}${this.id}-dlq-tap`, sessionTimeout: 6_000, heartbeatInterval: 500, maxWaitTimeInMs: 100 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, message }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, Array.isArray(v) ? String(v[0]) : String(v)]));
        this.parked.push({
          topic,
          key: message.key?.toString('utf8') ?? null,
          value: message.value?.toString('utf8') ?? null,
          reason: headers[DEAD_LETTER_HEADERS.reason] ?? '',
          error: headers[DEAD_LETTER_HEADERS.error] ?? '',
          sourceTopic: headers[DEAD_LETTER_HEADERS.topic] ?? '',
          group: headers[DEAD_LETTER_HEADERS.group] ?? '',
          headers,
        });
      },
    });
  }

  /** Produces raw values (a string is sent as is, anything else as JSON) keyed by `key`. */
  async produce(topic: string, key: string, values: unknown[]): Promise<void> {
    if (!this.producer) {
      this.producer = this.kafka.producer({ allowAutoTopicCreation: false });
      await this.producer.connect();
    }
    await this.producer.send({ topic, acks: -1, messages: values.map((v) => ({ key, value: typeof v === 'string' ? v : JSON.stringify(v) })) });
  }

  /** The parked messages matching `predicate`, once there is at least one (or `count`). */
  async waitFor(predicate: (letter: DeadLetter) => boolean, count = 1, timeoutMs = 20_000): Promise<DeadLetter[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.parked.filter(predicate);
      if (found.length >= count) return found;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${count} dead letter(s); parked: ${JSON.stringify(this.parked.map((p) => [p.topic, p.reason, p.error]))}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async close(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
  }
}
