import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { createEnvelope, EVENT_TYPES, prefixedTopic, TOPICS, type UsageRecordedData } from '@model-garden/contracts';
import { type AppLogger, type Context, EventPublisher, exponentialBackoffMs, LOGGER, ServiceConnections } from '@model-garden/platform';
import { type Message } from 'kafkajs';
import { GatewayConfig } from '../config/gateway.config';
import { GatewayMetrics } from '../metrics/gateway.metrics';
import { type JournalSegment, UsageJournal } from './usage-journal';

export const USAGE_EVENT_SOURCE = '/model-garden/gateway';
const MAX_RETRY_DELAY_MS = 5_000;
const SHUTDOWN_FLUSH_MS = 5_000;

/** Where usage events go, as Kafka messages (`EventPublisher.message`); the Kafka publisher in production, a fake in tests. */
export interface UsageSink {
  publishMessages(topic: string, messages: Message[]): Promise<void>;
  disconnect(): Promise<void>;
}

/**
 * One UsageRecorded event per request, published in batches off the request path:
 * `record` serialises the event once into its Kafka message (one flat string per event
 * while it waits, not an object graph for the collector to trace), appends it to the
 * usage journal (one synchronous write, before the client has the whole answer: a
 * SIGKILLed gateway publishes it at its next start) and to the in-memory queue. A timer
 * publishes a batch at a time and seals the journal's segment; a failed batch goes back
 * to the front and is retried with backoff, so events buffered while Kafka is down are
 * published when it returns. An event leaves the journal once Kafka acknowledged it. The
 * buffer is bounded: beyond it the oldest events are dropped (from the journal too) and
 * counted. Shutdown publishes what is left within a deadline; what is not stays in the
 * journal for the next start.
 */
@Injectable()
export class UsageRecorder implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private buffer: Message[] = [];
  /** The journal segment of each buffered message, in step with `buffer` (undefined: its append failed). */
  private origins: Array<JournalSegment | undefined> = [];
  private readonly journal: UsageJournal;
  private lastJournalWarning = 0;
  private timer: NodeJS.Timeout | undefined;
  private publishing: Promise<void> | undefined;
  private failures = 0;
  private retryAt = 0;
  private lastDropWarning = 0;
  private readonly topic: string;
  private readonly log: AppLogger;
  private sink: UsageSink;

  constructor(
    connections: ServiceConnections,
    private readonly config: GatewayConfig,
    private readonly metrics: GatewayMetrics,
    @Inject(LOGGER) logger: AppLogger,
  ) {
    this.topic = prefixedTopic(config.KAFKA_TOPIC_PREFIX, TOPICS.usage);
    this.log = logger.child({ component: 'usage-recorder' });
    this.sink = EventPublisher.create(connections.kafka);
    this.journal = new UsageJournal(config.GATEWAY_USAGE_JOURNAL_DIR, (count) => this.metrics.usageJournalSegments.set(count));
  }

  /** Takes the journal directory and queues what the previous process left in it (published first), before the gateway serves. */
  onModuleInit(): void {
    const leftovers = this.journal.open();
    if (leftovers.messages.length > 0 || leftovers.unreadable > 0) {
      const origins: Array<JournalSegment | undefined> = [];
      for (const segment of leftovers.segments) for (let i = 0; i < segment.appended; i += 1) origins.push(segment);
      this.buffer = leftovers.messages.concat(this.buffer);
      this.origins = origins.concat(this.origins);
      this.metrics.usageReplayed.inc(leftovers.messages.length);
      this.log.info(
        { events: leftovers.messages.length, segments: leftovers.segments.length, unreadable: leftovers.unreadable, dir: this.journal.dir },
        'usage events left in the journal by the previous process are published again',
      );
      this.dropOverflow();
    }
    this.metrics.usageBuffered.set(this.buffer.length);
  }

  /** Replaces the Kafka publisher (tests). */
  useSink(sink: UsageSink): void {
    this.sink = sink;
  }

  get pending(): number {
    return this.buffer.length;
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.flush(), this.config.GATEWAY_USAGE_FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  /**
   * Appends one event (`at`: its occurredAt as a Date, when the caller has it; `trace`:
   * the span context it continues, default the active one); never throws, never waits.
   */
  record(event: UsageRecordedData, at: Date = new Date(event.occurredAt), trace?: Context): void {
    const message = EventPublisher.tracedMessage(this.topic, createEnvelope(EVENT_TYPES.usageRecorded, USAGE_EVENT_SOURCE, event.modelId, event, { time: at }), trace);
    let origin: JournalSegment | undefined;
    try {
      origin = this.journal.append(message);
    } catch (error) {
      this.warnJournal(error);
    }
    this.buffer.push(message);
    this.origins.push(origin);
    this.dropOverflow();
    this.metrics.usageBuffered.set(this.buffer.length);
    if (this.buffer.length >= this.config.GATEWAY_USAGE_BATCH_SIZE && this.publishing === undefined) setImmediate(() => void this.flush());
  }

  /** Publishes one batch unless one is in flight or a retry is not due; resolves when that attempt ends. */
  flush(): Promise<void> {
    if (this.publishing !== undefined) return this.publishing;
    this.journal.seal();
    if (this.buffer.length === 0 || Date.now() < this.retryAt) return Promise.resolve();
    const batch = this.buffer.splice(0, this.config.GATEWAY_USAGE_BATCH_SIZE);
    const origins = this.origins.splice(0, batch.length);
    this.publishing = this.publish(batch, origins).finally(() => {
      this.publishing = undefined;
      this.metrics.usageBuffered.set(this.buffer.length);
    });
    return this.publishing;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    const deadline = Date.now() + SHUTDOWN_FLUSH_MS;
    this.retryAt = 0;
    while ((this.buffer.length > 0 || this.publishing !== undefined) && Date.now() < deadline) {
      await this.flush();
      if (this.failures > 0) await new Promise((resolve) => setTimeout(resolve, 200));
      this.retryAt = 0;
    }
    if (this.buffer.length > 0) {
      this.log.error({ events: this.buffer.length, dir: this.journal.dir }, 'usage events could not be published before shutdown; they stay in the usage journal for the next start');
    }
    this.journal.shutdown();
    await this.sink.disconnect().catch(() => undefined);
  }

  private async publish(batch: Message[], origins: Array<JournalSegment | undefined>): Promise<void> {
    try {
      await this.sink.publishMessages(this.topic, batch);
      this.settle(origins);
      this.metrics.usagePublished.inc(batch.length);
      if (this.failures > 0) this.log.info({ after: this.failures }, 'usage events flow to Kafka again');
      this.failures = 0;
      this.retryAt = 0;
    } catch (error) {
      this.failures += 1;
      this.metrics.usagePublishFailures.inc();
      const delay = exponentialBackoffMs(this.failures, { baseMs: 100, maxMs: MAX_RETRY_DELAY_MS, jitter: 'none' });
      this.retryAt = Date.now() + delay;
      this.buffer = batch.concat(this.buffer);
      this.origins = origins.concat(this.origins);
      this.dropOverflow();
      if (this.failures === 1 || this.failures % 20 === 0) {
        this.log.warn({ err: error, buffered: this.buffer.length, failures: this.failures }, 'publishing usage events failed; they stay buffered and are retried');
      }
    }
  }

  /** Beyond GATEWAY_USAGE_BUFFER_MAX, drops the oldest events, from the journal too, and counts them. */
  private dropOverflow(): void {
    const overflow = this.buffer.length - this.config.GATEWAY_USAGE_BUFFER_MAX;
    if (overflow <= 0) return;
    const dropped = this.buffer.splice(0, overflow);
    this.journal.discard(this.origins.splice(0, overflow), dropped);
    this.metrics.usageDropped.inc(overflow);
    this.warnDropped(overflow);
  }

  /** These events left the queue (published or dropped): their journal segments may go. */
  private settle(origins: Array<JournalSegment | undefined>): void {
    for (const origin of origins) if (origin !== undefined) this.journal.settle(origin);
  }

  private warnJournal(error: unknown): void {
    this.metrics.usageJournalFailures.inc();
    const now = Date.now();
    if (now - this.lastJournalWarning < 10_000) return;
    this.lastJournalWarning = now;
    this.log.error({ err: error, dir: this.journal.dir }, 'appending to the usage journal failed: the event is only in memory until published');
  }

  private warnDropped(count: number): void {
    const now = Date.now();
    if (now - this.lastDropWarning < 10_000) return;
    this.lastDropWarning = now;
    this.log.error({ dropped: count, max: this.config.GATEWAY_USAGE_BUFFER_MAX }, 'usage buffer full: the oldest events were dropped');
  }
}
