import { DEAD_LETTER_HEADERS, deadLetterTopicOf, type EventEnvelope, parseEnvelope } from '@model-garden/contracts';
import { type Consumer, type IHeaders, type Kafka, type KafkaMessage, type Producer } from 'kafkajs';
import { RememberingDefaultPartitioner } from './partitioner';
import { type Counter, type Gauge } from 'prom-client';
import { type AppLogger } from '../logging';
import { type MetricsService } from '../metrics';
import { exponentialBackoffMs } from '../retry';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { contextFromHeaders, inSpan, SpanKind, tracingEnabled } from '../tracing';
import { ensureTopics } from './kafka.factory';

export type EventHandler = (event: EventEnvelope, meta: { topic: string; partition: number; offset: string }) => Promise<void>;

/**
 * Applies the events of one fetched batch (one topic partition, in order) together, e.g.
 * in one database transaction. If it throws, the batch is applied again one event at a
 * time through the EventHandler, so a poison event is parked alone and a transient failure
 * is retried from the first event not yet applied.
 */
export type BatchEventHandler = (events: EventEnvelope[], meta: { topic: string; partition: number }) => Promise<void>;

/**
 * Why a message could not be applied. Transient: the same message may succeed later
 * (database or broker down, a connection reset), so it is retried. Permanent: it never
 * will (unparseable, invalid data, a value out of range, a constraint), so it is parked
 * on the topic's dead-letter topic and the partition moves on.
 */
export type EventFailure = { kind: 'transient' } | { kind: 'permanent'; reason: string; detail: string };

/**
 * An app's classification of a handler error: `undefined` leaves it to the default
 * (a PermanentEventError is permanent, anything else transient).
 */
export type EventFailureClassifier = (error: unknown) => EventFailure | undefined;

/** Thrown by a handler for a message that can never succeed; `detail` must not hold a secret or payload value. */
export class PermanentEventError extends Error {
  constructor(
    readonly reason: string,
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
    this.name = 'PermanentEventError';
  }
}

export interface ConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  logger: AppLogger;
  handle: EventHandler;
  /** Set, messages are consumed in batches (see BatchEventHandler); `handle` stays the per-event path. */
  handleBatch?: BatchEventHandler;
  /** The app's hook that tells permanent failures from transient ones (see EventFailureClassifier). */
  classify?: EventFailureClassifier;
  /** Where the dead-letter counter is registered (`model_garden_kafka_dead_letters_total`). */
  metrics?: MetricsService;
  /** Partitions of the dead-letter topics this consumer creates if missing (default 1). */
  deadLetterPartitions?: number;
  fromBeginning?: boolean;
  /** Longest a fetch waits for new messages (kafkajs default 5000 ms); a disconnect waits for the fetch in flight. */
  maxWaitTimeInMs?: number;
}

/** A running consumer with its dead-letter producer; `disconnect` stops both. */
export interface EventConsumer {
  readonly consumer: Consumer;
  disconnect(): Promise<void>;
}

const DEAD_LETTER_METRIC = 'kafka_dead_letters_total';
const CONSUMER_LAG_METRIC = 'kafka_consumer_lag';
const MAX_DETAIL = 300;

/** The default classification: a PermanentEventError is permanent, anything else is retried. */
export function classifyEventFailure(error: unknown, classify?: EventFailureClassifier): EventFailure {
  const decided = classify?.(error);
  if (decided) return decided;
  if (error instanceof PermanentEventError) return { kind: 'permanent', reason: error.reason, detail: error.detail };
  return { kind: 'transient' };
}

/**
 * The one way a platform service consumes events. At least once: an offset is
 * committed only after its handler succeeded, or after the message was parked on
 * `<topic>.dlq` because it failed for a permanent reason (the app's `classify` hook
 * decides; an unparseable envelope always is). A transient failure is thrown back to
 * kafkajs, which retries the message with backoff, so nothing is lost while a
 * database or broker is away. Every parked message gets one error log line (no
 * payload, no secret) and one count in `model_garden_kafka_dead_letters_total`.
 */
export async function startEventConsumer(options: ConsumerOptions): Promise<EventConsumer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startEventConsumerOnce(options);
    } catch (error) {
      // A broker that has just created a topic may not yet host its partitions (and a broker
      // that is still starting may refuse a group): kafkajs marks such errors retriable.
      if (attempt >= START_ATTEMPTS || !isRetriableKafkaError(error)) throw error;
      const delayMs = exponentialBackoffMs(attempt - 1, { baseMs: 500, maxMs: 5_000, jitter: 'equal' });
      options.logger.warn({ err: error, groupId: options.groupId, attempt, delayMs }, 'Kafka consumer could not start yet; trying again');
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

/** How many times a consumer's start is tried when the broker answers with a retriable error. */
const START_ATTEMPTS = 6;

/** True for kafkajs errors the client itself would retry (unknown topic-partition, leader not available, ...). */
export function isRetriableKafkaError(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  const { retriable, originalError, cause } = error as { retriable?: unknown; originalError?: unknown; cause?: unknown };
  // kafkajs wraps an error it gave up retrying (KafkaJSNumberOfRetriesExceeded) around the retriable one.
  return retriable === true || isRetriableKafkaError(originalError, depth + 1) || isRetriableKafkaError(cause, depth + 1);
}

async function startEventConsumerOnce(options: ConsumerOptions): Promise<EventConsumer> {
  const log = options.logger.child({ component: 'event-consumer', groupId: options.groupId });
  const deadLetters = options.metrics ? deadLetterCounter(options.metrics) : undefined;
  const lag = options.metrics ? consumerLagGauge(options.metrics) : undefined;
  const admin = options.kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, options.topics.map(deadLetterTopicOf), options.deadLetterPartitions ?? 1, { logger: log });
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  const producer: Producer = options.kafka.producer({ allowAutoTopicCreation: false, idempotent: true, maxInFlightRequests: 1, createPartitioner: RememberingDefaultPartitioner });
  const consumer = options.kafka.consumer({
    groupId: options.groupId,
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
    rebalanceTimeout: 20_000,
    ...(options.maxWaitTimeInMs !== undefined ? { maxWaitTimeInMs: options.maxWaitTimeInMs } : {}),
    allowAutoTopicCreation: false,
    retry: { initialRetryTime: 300, retries: 10, maxRetryTime: 10_000, restartOnFailure: async () => true },
  });

  const park = async (topic: string, partition: number, message: KafkaMessage, failure: { reason: string; detail: string }, event?: EventEnvelope): Promise<void> => {
    const detail = failure.detail.replace(/\s+/g, ' ').slice(0, MAX_DETAIL);
    const headers: IHeaders = {
      ...message.headers,
      [DEAD_LETTER_HEADERS.reason]: failure.reason,
      [DEAD_LETTER_HEADERS.error]: detail,
      [DEAD_LETTER_HEADERS.topic]: topic,
      [DEAD_LETTER_HEADERS.partition]: String(partition),
      [DEAD_LETTER_HEADERS.offset]: message.offset,
      [DEAD_LETTER_HEADERS.group]: options.groupId,
      [DEAD_LETTER_HEADERS.time]: new Date().toISOString(),
    };
    const deadLetterTopic = deadLetterTopicOf(topic);
    await producer.send({ topic: deadLetterTopic, acks: -1, messages: [{ key: message.key, value: message.value, headers }] });
    deadLetters?.inc({ topic, reason: failure.reason });
    log.error(
      { topic, partition, offset: message.offset, deadLetterTopic, reason: failure.reason, detail, ...(event ? { eventId: event.id, type: event.type, subject: event.subject } : {}) },
      'parked a message that can never be applied on the dead-letter topic; the partition moves on',
    );
  };

  // Messages left behind each partition's end after every batch (kafkajs' own figure; no extra request).
  if (lag) consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => lag.set({ group: options.groupId, topic: payload.topic, partition: String(payload.partition) }, Number(payload.offsetLag)));
  try {
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning ?? true });
    /** One message on its own: parked if it can never be applied, thrown back (retried) if it may later. */
    const applyOne = async (topic: string, partition: number, message: KafkaMessage): Promise<void> => {
      const parsed = parseEnvelope(message.value);
      if (!parsed.ok) return park(topic, partition, message, { reason: 'unparseable', detail: parsed.reason });
      try {
        await processTraced(options.groupId, topic, partition, message, parsed.event, () => options.handle(parsed.event, { topic, partition, offset: message.offset }));
      } catch (error) {
        const failure = classifyEventFailure(error, options.classify);
        if (failure.kind === 'permanent') return park(topic, partition, message, failure, parsed.event);
        log.warn({ err: error, topic, partition, offset: message.offset, eventId: parsed.event.id, type: parsed.event.type }, 'event handler failed; the message will be retried');
        throw error;
      }
    };
    const handleBatch = options.handleBatch;
    if (handleBatch) {
      await consumer.run({
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
          const { topic, partition, messages } = batch;
          if (messages.length === 0) return;
          const parsed = messages.map((message) => ({ message, parsed: parseEnvelope(message.value) }));
          const events = parsed.flatMap((p) => (p.parsed.ok ? [p.parsed.event] : []));
          let applied = false;
          try {
            if (events.length > 0) await processBatchTraced(options.groupId, topic, partition, messages, events, () => handleBatch(events, { topic, partition }));
            applied = true;
          } catch (error) {
            log.debug({ err: error, topic, partition, events: events.length }, 'batch handler failed; applying its events one at a time');
          }
          if (applied) {
            for (const p of parsed) if (!p.parsed.ok) await park(topic, partition, p.message, { reason: 'unparseable', detail: p.parsed.reason });
            resolveOffset(messages[messages.length - 1]!.offset);
            await heartbeat();
            return;
          }
          for (const message of messages) {
            if (!isRunning() || isStale()) return;
            await applyOne(topic, partition, message);
            resolveOffset(message.offset);
            await heartbeat();
          }
        },
      });
    } else {
      await consumer.run({ eachMessage: ({ topic, partition, message }) => applyOne(topic, partition, message) });
    }
  } catch (error) {
    // A consumer that failed to start must not stay connected (it would keep the process alive).
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    throw error;
  }
  return {
    consumer,
    async disconnect(): Promise<void> {
      await consumer.disconnect();
      await producer.disconnect().catch(() => undefined);
    },
  };
}

/**
 * Runs a message's handler in a consumer span that continues the producer's trace
 * (the message's `traceparent` header), so what the handler does joins that trace.
 */
async function processTraced(groupId: string, topic: string, partition: number, message: KafkaMessage, event: EventEnvelope, handle: () => Promise<void>): Promise<void> {
  if (!tracingEnabled()) return handle();
  await inSpan(
    `process ${topic}`,
    {
      kind: SpanKind.CONSUMER,
      parent: contextFromHeaders(message.headers),
      attributes: {
        ...processAttributes(groupId, topic, partition),
        'messaging.kafka.offset': Number(message.offset),
        'messaging.message.id': event.id,
        'cloudevents.event_type': event.type,
      },
    },
    handle,
  );
}

/** The messaging attributes every consumer span carries (OpenTelemetry's messaging conventions). */
function processAttributes(groupId: string, topic: string, partition: number): Record<string, string> {
  return {
    'messaging.system': 'kafka',
    'messaging.destination.name': topic,
    'messaging.operation.type': 'process',
    'messaging.operation.name': 'process',
    'messaging.consumer.group.name': groupId,
    'messaging.destination.partition.id': String(partition),
  };
}

/**
 * A batch handler's span. One message: a child of its producer's span, as for one
 * message alone. Several: linked to each message's producer span (OpenTelemetry's
 * messaging conventions for batches), and the child of the last one when they all
 * belong to one trace (a validation's progress events and its verdict), so that
 * trace stays whole.
 */
async function processBatchTraced(
  groupId: string,
  topic: string,
  partition: number,
  messages: readonly KafkaMessage[],
  events: readonly EventEnvelope[],
  handle: () => Promise<void>,
): Promise<void> {
  if (!tracingEnabled()) return handle();
  const attributes: Record<string, string | number | string[]> = { ...processAttributes(groupId, topic, partition), 'messaging.batch.message_count': messages.length };
  if (messages.length === 1) {
    if (events.length === 1) Object.assign(attributes, { 'messaging.message.id': events[0]!.id, 'cloudevents.event_type': events[0]!.type });
    await inSpan(`process ${topic}`, { kind: SpanKind.CONSUMER, parent: contextFromHeaders(messages[0]!.headers), attributes }, handle);
    return;
  }
  attributes['cloudevents.event_types'] = [...new Set(events.map((event) => event.type))];
  const contexts = messages.map((message) => contextFromHeaders(message.headers));
  const linked = contexts.flatMap((ctx) => {
    const spanContext = trace.getSpanContext(ctx);
    return spanContext ? [spanContext] : [];
  });
  const oneTrace = linked.length === messages.length && linked.every((spanContext) => spanContext.traceId === linked[0]!.traceId);
  const parent = oneTrace ? contexts[contexts.length - 1]! : ROOT_CONTEXT;
  const links = linked.slice(0, MAX_LINKS).map((context) => ({ context }));
  await inSpan(`process ${topic}`, { kind: SpanKind.CONSUMER, parent, attributes, links }, handle);
}

/** Links of a batch span at most (OpenTelemetry's default span limit). */
const MAX_LINKS = 128;

/** One gauge per process, whichever consumer asks first. */
function consumerLagGauge(metrics: MetricsService): Gauge<'group' | 'topic' | 'partition'> {
  const existing = metrics.registry.getSingleMetric(`model_garden_${CONSUMER_LAG_METRIC}`) as Gauge<'group' | 'topic' | 'partition'> | undefined;
  return existing ?? metrics.gauge(CONSUMER_LAG_METRIC, 'Messages a consumer group still has to read on a partition, after its last batch', ['group', 'topic', 'partition']);
}

/** One counter per process, whichever consumer asks first. */
function deadLetterCounter(metrics: MetricsService): Counter<'topic' | 'reason'> {
  const existing = metrics.registry.getSingleMetric(`model_garden_${DEAD_LETTER_METRIC}`) as Counter<'topic' | 'reason'> | undefined;
  return existing ?? metrics.counter(DEAD_LETTER_METRIC, 'Messages parked on a dead-letter topic because they can never be applied', ['topic', 'reason']);
}
