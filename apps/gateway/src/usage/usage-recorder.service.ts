import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createEnvelope, EVENT_TYPES, prefixedTopic, TOPICS, type UsageRecordedData } from '@model-garden/contracts';
import { type AppLogger, EventPublisher, exponentialBackoffMs, LOGGER, ServiceConnections } from '@model-garden/platform';
import { type Message } from 'kafkajs';
import { GatewayConfig } from '../config/gateway.config';
import { GatewayMetrics } from '../metrics/gateway.metrics';

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
 * while it waits, not an object graph for the collector to trace) and appends it. A
 * timer publishes a batch at a time; a failed batch goes back to the front and is retried with backoff, so events
 * buffered while Kafka is down are published when it returns. The buffer is bounded:
 * beyond it the oldest events are dropped and counted. Shutdown publishes what is left
 * within a deadline.
 */
@Injectable()
export class UsageRecorder implements OnApplicationBootstrap, OnApplicationShutdown {
  private buffer: Message[] = [];
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

  /** Appends one event (`at`: its occurredAt as a Date, when the caller has it); never throws, never waits. */
  record(event: UsageRecordedData, at: Date = new Date(event.occurredAt)): void {
    this.buffer.push(EventPublisher.tracedMessage(this.topic, createEnvelope(EVENT_TYPES.usageRecorded, USAGE_EVENT_SOURCE, event.modelId, event, { time: at })));
    const overflow = this.buffer.length - this.config.GATEWAY_USAGE_BUFFER_MAX;
    if (overflow > 0) {
      this.buffer.splice(0, overflow);
      this.metrics.usageDropped.inc(overflow);
      this.warnDropped(overflow);
    }
    this.metrics.usageBuffered.set(this.buffer.length);
    if (this.buffer.length >= this.config.GATEWAY_USAGE_BATCH_SIZE && this.publishing === undefined) setImmediate(() => void this.flush());
  }

  /** Publishes one batch unless one is in flight or a retry is not due; resolves when that attempt ends. */
  flush(): Promise<void> {
    if (this.publishing !== undefined) return this.publishing;
    if (this.buffer.length === 0 || Date.now() < this.retryAt) return Promise.resolve();
    const batch = this.buffer.splice(0, this.config.GATEWAY_USAGE_BATCH_SIZE);
    this.publishing = this.publish(batch).finally(() => {
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
    if (this.buffer.length > 0) this.log.error({ events: this.buffer.length }, 'usage events could not be published before shutdown');
    await this.sink.disconnect().catch(() => undefined);
  }

  private async publish(batch: Message[]): Promise<void> {
    try {
      await this.sink.publishMessages(this.topic, batch);
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
      const overflow = this.buffer.length - this.config.GATEWAY_USAGE_BUFFER_MAX;
      if (overflow > 0) {
        this.buffer.splice(0, overflow);
        this.metrics.usageDropped.inc(overflow);
        this.warnDropped(overflow);
      }
      if (this.failures === 1 || this.failures % 20 === 0) {
        this.log.warn({ err: error, buffered: this.buffer.length, failures: this.failures }, 'publishing usage events failed; they stay buffered and are retried');
      }
    }
  }

  private warnDropped(count: number): void {
    const now = Date.now();
    if (now - this.lastDropWarning < 10_000) return;
    this.lastDropWarning = now;
    this.log.error({ dropped: count, max: this.config.GATEWAY_USAGE_BUFFER_MAX }, 'usage buffer full: the oldest events were dropped');
  }
}
