import { type EventEnvelope } from '@model-garden/contracts';
import { type Admin, Kafka, logLevel, type LogEntry, type Message, type Producer } from 'kafkajs';
import { RememberingDefaultPartitioner } from './partitioner';
import { FIXED_KAFKAJS_VERSION, fixKafkaRequestQueuePolling } from './request-queue-fix';
import { type AppLogger } from '../logging';
import {
  type Attributes,
  type Context,
  contextFromTraceparent,
  injectTraceContext,
  recordSpanError,
  type Span,
  SpanKind,
  type TraceCarrier,
  tracer,
  tracingEnabled,
} from '../tracing';
import { context, trace } from '@opentelemetry/api';

export interface KafkaOptions {
  clientId: string;
  brokers: string[];
  logger: AppLogger;
}

/** A kafkajs client whose own logs go to the process logger (warnings and errors only), its request queues without kafkajs's idle 1 ms timer. */
export function createKafka(options: KafkaOptions): Kafka {
  const log = options.logger.child({ component: 'kafkajs' });
  if (!fixKafkaRequestQueuePolling()) log.warn({ fixedVersion: FIXED_KAFKAJS_VERSION }, 'kafkajs is not the version whose idle request-queue polling Model Garden fixes: check whether the new version still needs it');
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

export interface EnsureTopicsOptions {
  /** How long to wait for every partition to have a leader. */
  timeoutMs?: number;
  /** Where a topic with fewer partitions than asked for is reported (as a warning). */
  logger?: Pick<AppLogger, 'warn'>;
}

/** A topic that exists with fewer partitions than the configuration asks for. */
export interface UnderPartitionedTopic {
  topic: string;
  partitions: number;
  configured: number;
}

/**
 * Creates the topics that are missing and returns once the broker serves every partition
 * of every topic with a leader (idempotent; safe from several replicas at once). Right
 * after a creation, metadata can still answer "This server does not host this
 * topic-partition" for a moment; a caller that subscribes or produces then would fail,
 * so the wait is part of ensuring, not left to each caller.
 *
 * A topic that already exists with fewer partitions than `numPartitions` is left as it
 * is (adding partitions moves keys to other partitions, so one subject's events could
 * be read out of order across the change: an operator's decision, not a boot's), and
 * reported: as a warning naming the topic, both counts and the command that raises it,
 * and in the answer.
 */
export async function ensureTopics(admin: Admin, topics: string[], numPartitions: number, options: EnsureTopicsOptions = {}): Promise<UnderPartitionedTopic[]> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t));
  let createError: unknown;
  if (missing.length > 0) {
    // Another replica may create the same topics at the same moment: its "already exists"
    // (or a not-yet-propagated metadata answer) is judged by the wait below, not here.
    await admin.createTopics({ topics: missing.map((topic) => ({ topic, numPartitions, replicationFactor: -1 })) }).catch((error: unknown) => {
      createError = error;
    });
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { unready, partitions } = await leadership(admin, topics);
    if (unready.length === 0) {
      const fewer = topics
        .filter((topic) => (partitions.get(topic) ?? numPartitions) < numPartitions)
        .map((topic) => ({ topic, partitions: partitions.get(topic)!, configured: numPartitions }));
      for (const t of fewer) options.logger?.warn(t, underPartitionedMessage(t));
      return fewer;
    }
    if (Date.now() >= deadline) {
      const reason = createError instanceof Error ? ` (creating them failed: ${createError.message})` : '';
      throw new Error(`Kafka topics ${unready.join(', ')} have no leader for every partition after ${timeoutMs} ms${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function underPartitionedMessage({ topic, partitions, configured }: UnderPartitionedTopic): string {
  return (
    `Kafka topic ${topic} has ${partitions} partitions, fewer than KAFKA_TOPIC_PARTITIONS (${configured}): at most ${partitions} consumers of a group share its work. ` +
    `It is not changed automatically, because adding partitions moves keys and one subject's events could be read out of order while the older ones drain. ` +
    `To raise it, stop the producers, let the consumers catch up, run kafka-topics.sh --alter --topic ${topic} --partitions ${configured}, then start again; ` +
    `or set KAFKA_TOPIC_PARTITIONS to ${partitions} to silence this.`
  );
}

async function leadership(admin: Admin, topics: string[]): Promise<{ unready: string[]; partitions: Map<string, number> }> {
  try {
    const { topics: described } = await admin.fetchTopicMetadata({ topics });
    const ready = new Set(described.filter((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0)).map((t) => t.name));
    return { unready: topics.filter((t) => !ready.has(t)), partitions: new Map(described.map((t) => [t.name, t.partitions.length])) };
  } catch {
    return { unready: topics, partitions: new Map() };
  }
}

/** Publishes envelopes keyed by subject, so one entity's events stay ordered in one partition. */
export class EventPublisher {
  private connected: Promise<void> | undefined;

  constructor(private readonly producer: Producer) {}

  static create(kafka: Kafka): EventPublisher {
    return new EventPublisher(
      kafka.producer({ allowAutoTopicCreation: false, idempotent: true, maxInFlightRequests: 1, createPartitioner: RememberingDefaultPartitioner }),
    );
  }

  /**
   * The Kafka message of an envelope: keyed by subject, the envelope as JSON, its type
   * and id in headers. A publisher that holds events before sending (the gateway's
   * usage) serialises each once, when it is recorded (`tracedMessage`), and sends them
   * with `publishMessages`.
   */
  static message(event: EventEnvelope): Message {
    return { key: event.subject, value: JSON.stringify(event), headers: eventHeaders(event) };
  }

  /**
   * `message`, and while tracing is on, a producer span under `parent` (default: the
   * active context) whose `traceparent` goes in the headers: for a message held before sending, the span marks
   * when it was recorded, and its trace goes on at the consumer.
   */
  static tracedMessage(topic: string, event: EventEnvelope, parent?: Context): Message {
    const message = EventPublisher.message(event);
    if (!tracingEnabled()) return message;
    parent ??= context.active();
    const span = tracer.startSpan(`send ${topic}`, { kind: SpanKind.PRODUCER, attributes: sendAttributes(topic, event) }, parent);
    injectTraceContext(message.headers as TraceCarrier, trace.setSpan(parent, span));
    span.end();
    return message;
  }

  /**
   * Sends `events` to `topic` with a W3C `traceparent` header from a producer span while
   * tracing is on: one span per event continuing `traceparents[i]` when given (the trace
   * stored with an outbox row), else one span for the batch under the active context.
   */
  async publish(topic: string, events: readonly EventEnvelope[], traceparents?: readonly (string | null | undefined)[]): Promise<void> {
    if (!tracingEnabled()) return this.publishMessages(topic, events.map((event) => EventPublisher.message(event)));
    if (events.length === 0) return;
    const spans: Span[] = [];
    const sendSpan = (parent: Context, count: number, event?: EventEnvelope): Context => {
      const attributes = sendAttributes(topic, event);
      if (!event) attributes['messaging.batch.message_count'] = count;
      const span = tracer.startSpan(`send ${topic}`, { kind: SpanKind.PRODUCER, attributes }, parent);
      spans.push(span);
      return trace.setSpan(parent, span);
    };
    const batchContext = traceparents ? undefined : sendSpan(context.active(), events.length, events.length === 1 ? events[0] : undefined);
    const messages = events.map((event, index) => {
      const message = EventPublisher.message(event);
      injectTraceContext(message.headers as TraceCarrier, batchContext ?? sendSpan(contextFromTraceparent(traceparents?.[index]), 1, event));
      return message;
    });
    try {
      await this.publishMessages(topic, messages);
    } catch (error) {
      for (const span of spans) recordSpanError(span, error);
      throw error;
    } finally {
      for (const span of spans) span.end();
    }
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

function eventHeaders(event: EventEnvelope): TraceCarrier {
  return { 'ce-type': event.type, 'ce-id': event.id };
}

/** OpenTelemetry's messaging attributes of a producer span (one event's, or a batch's without `event`). */
function sendAttributes(topic: string, event?: EventEnvelope): Attributes {
  const attributes: Attributes = { 'messaging.system': 'kafka', 'messaging.destination.name': topic, 'messaging.operation.type': 'send', 'messaging.operation.name': 'send' };
  if (event) Object.assign(attributes, { 'messaging.message.id': event.id, 'cloudevents.event_type': event.type, 'messaging.kafka.message.key': event.subject });
  return attributes;
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
