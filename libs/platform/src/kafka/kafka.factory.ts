import { type EventEnvelope } from '@model-garden/contracts';
import { type Admin, Kafka, logLevel, type LogEntry, type Message, Partitioners, type Producer } from 'kafkajs';
import { type AppLogger } from '../logging';

export interface KafkaOptions {
  clientId: string;
  brokers: string[];
  logger: AppLogger;
}

/** A kafkajs client whose own logs go to the process logger (warnings and errors only). */
export function createKafka(options: KafkaOptions): Kafka {
  const log = options.logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 5_000 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, ...rest } = entry;
        if (level <= logLevel.ERROR) log.error(rest, message);
        else log.warn(rest, message);
      },
  });
}

/** Creates the topics that are missing (idempotent; safe from several replicas at once). */
export async function ensureTopics(admin: Admin, topics: string[], numPartitions: number): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t));
  if (missing.length === 0) return;
  try {
    await admin.createTopics({ waitForLeaders: true, topics: missing.map((topic) => ({ topic, numPartitions, replicationFactor: -1 })) });
  } catch (error) {
    // Another replica may have created them between listTopics and createTopics.
    const after = new Set(await admin.listTopics());
    if (missing.some((t) => !after.has(t))) throw error;
  }
}

/** Publishes envelopes keyed by subject, so one entity's events stay ordered in one partition. */
export class EventPublisher {
  private connected: Promise<void> | undefined;

  constructor(private readonly producer: Producer) {}

  static create(kafka: Kafka): EventPublisher {
    return new EventPublisher(
      kafka.producer({ allowAutoTopicCreation: false, idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner }),
    );
  }

  /**
   * The Kafka message of an envelope: keyed by subject, the envelope as JSON, its type
   * and id in headers. A publisher that holds events before sending (the gateway's
   * usage) serialises each once, when it is recorded, and sends them with `publishMessages`.
   */
  static message(event: EventEnvelope): Message {
    return { key: event.subject, value: JSON.stringify(event), headers: { 'ce-type': event.type, 'ce-id': event.id } };
  }

  async publish(topic: string, events: EventEnvelope[]): Promise<void> {
    await this.publishMessages(topic, events.map((event) => EventPublisher.message(event)));
  }

  /** Sends messages built by `EventPublisher.message`, in one produce request per partition leader. */
  async publishMessages(topic: string, messages: Message[]): Promise<void> {
    if (messages.length === 0) return;
    await this.connect();
    await this.producer.send({ topic, acks: -1, messages });
  }

  async connect(): Promise<void> {
    this.connected ??= this.producer.connect().catch((error: unknown) => {
      this.connected = undefined;
      throw error;
    });
    await this.connected;
  }

  async disconnect(): Promise<void> {
    if (this.connected) await this.producer.disconnect();
    this.connected = undefined;
  }
}

/** Readiness of Kafka through one lazily connected admin client (reconnects after a failure). */
export class KafkaAdminConnection {
  readonly admin: Admin;
  private connected: Promise<void> | undefined;

  constructor(kafka: Kafka) {
    this.admin = kafka.admin();
  }

  async connect(): Promise<Admin> {
    this.connected ??= this.admin.connect().catch((error: unknown) => {
      this.connected = undefined;
      throw error;
    });
    await this.connected;
    return this.admin;
  }

  /** The readiness check: the cluster answers a metadata request. */
  readonly check = async (): Promise<void> => {
    await (await this.connect()).describeCluster();
  };

  async close(): Promise<void> {
    if (this.connected) await this.admin.disconnect().catch(() => undefined);
    this.connected = undefined;
  }
}
