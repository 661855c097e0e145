import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { type AppLogger, EventPublisher, exponentialBackoffMs, LOGGER, MetricsService } from '@model-garden/platform';
import { type Counter, type Histogram } from 'prom-client';
import { DataSource } from 'typeorm';
import { RegistryConfig } from '../config/registry.config';
import { RegistryKafka } from '../infrastructure/kafka.provider';
import { PgNotifications } from '../infrastructure/pg-notifications.service';
import { type OutboxEventEntity } from './outbox-event.entity';
import { OutboxRepository } from './outbox.repository';

interface DrainResult {
  published: number;
  /** The batch was full: more rows are probably waiting. */
  full: boolean;
}

const CLEANUP_EVERY_MS = 10 * 60_000;
const KEEP_PUBLISHED_HOURS = 24;
const MAX_BACKOFF_MS = 10_000;

/**
 * Publishes outbox rows to Kafka, at least once, in insertion order per message
 * key (the model or API key id).
 *
 * - Prompt: every commit that writes an outbox row NOTIFYs all replicas; a short
 *   poll (OUTBOX_POLL_INTERVAL_MS) is the fallback when a notification is missed.
 * - Several replicas: each takes a batch with `FOR UPDATE SKIP LOCKED`, and leaves
 *   out the keys whose earlier rows another replica holds, so one key's events are
 *   never published out of order.
 * - Kafka down: the transaction rolls back, rows stay unpublished, the relay backs
 *   off and retries; writes to the registry keep succeeding meanwhile.
 * - A crash between the Kafka send and the commit publishes the batch again:
 *   consumers are idempotent (event id, model revision).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly publisher: EventPublisher;
  private wakeRequested = false;
  private draining: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private stopped = false;
  private started = false;
  private lastCleanup = 0;
  private readonly publishedTotal: Counter<'topic'>;
  private readonly failuresTotal: Counter<never>;
  private readonly lagSeconds: Histogram<never>;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxRepository,
    private readonly kafka: RegistryKafka,
    private readonly notifications: PgNotifications,
    private readonly config: RegistryConfig,
    metrics: MetricsService,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {
    this.publisher = new EventPublisher(
      kafka.kafka.producer({
        allowAutoTopicCreation: false,
        idempotent: true,
        maxInFlightRequests: 1,
        // Fail fast and let the relay's own backoff retry: row locks are not held for long.
        retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1_000 },
      }),
    );
    this.publishedTotal = metrics.counter('outbox_published_total', 'Outbox events published to Kafka', ['topic']);
    this.failuresTotal = metrics.counter('outbox_publish_failures_total', 'Outbox relay attempts that failed (Kafka or database unavailable)', []);
    this.lagSeconds = metrics.histogram('outbox_lag_seconds', 'Time from commit of an outbox row to its publication', [], [
      0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300,
    ]);
  }

  onApplicationBootstrap(): void {
    this.unsubscribe = this.notifications.on('outbox', () => this.wake());
    void this.kafka.topicsReady.then(() => {
      if (this.stopped) return;
      this.started = true;
      this.pollTimer = setInterval(() => this.wake(), this.config.OUTBOX_POLL_INTERVAL_MS);
      this.pollTimer.unref();
      this.wake();
    });
  }

  /** Asks for a drain as soon as possible (coalesced; deferred while backing off). */
  wake(): void {
    if (this.stopped || !this.started) return;
    this.wakeRequested = true;
    if (this.draining || this.retryTimer) return;
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
    });
  }

  private async drain(): Promise<void> {
    while (this.wakeRequested && !this.stopped) {
      this.wakeRequested = false;
      try {
        let result: DrainResult;
        do {
          result = await this.drainOnce();
        } while (result.full && result.published > 0 && !this.stopped);
        if (this.failures > 0) this.logger.info({ afterFailures: this.failures }, 'outbox relay is publishing again');
        this.failures = 0;
        await this.cleanupIfDue();
      } catch (error) {
        this.failures += 1;
        this.failuresTotal.inc();
        const delayMs = exponentialBackoffMs(this.failures, { baseMs: 200, maxMs: MAX_BACKOFF_MS, jitter: 'none' });
        if (this.failures === 1 || this.failures % 10 === 0) {
          this.logger.warn({ err: error, failures: this.failures, retryInMs: delayMs }, 'outbox relay could not publish; events stay in the outbox');
        }
        await this.recordFailure(error);
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          this.wake();
        }, delayMs);
        this.retryTimer.unref();
        return;
      }
    }
  }

  /** One batch: lock, publish, mark published, commit. */
  private async drainOnce(): Promise<DrainResult> {
    await this.publisher.connect();
    const batchSize = this.config.OUTBOX_BATCH_SIZE;
    return this.dataSource.transaction(async (manager) => {
      const rows = await this.outbox.lockUnpublished(manager, batchSize);
      if (rows.length === 0) return { published: 0, full: false };
      const held = await this.outbox.keysHeldElsewhere(manager, rows);
      const ready = held.size === 0 ? rows : rows.filter((r) => !held.has(r.messageKey));
      for (const [topic, group] of groupByTopic(ready)) {
        await this.publisher.publish(
          topic,
          group.map((row) => row.event),
          group.map((row) => row.traceparent),
        );
        this.publishedTotal.inc({ topic }, group.length);
      }
      if (ready.length > 0) {
        await this.outbox.markPublished(manager, ready);
        const now = Date.now();
        for (const row of ready) this.lagSeconds.observe(Math.max(0, now - row.createdAt.getTime()) / 1000);
      }
      return { published: ready.length, full: rows.length === batchSize };
    });
  }

  private async recordFailure(error: unknown): Promise<void> {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 1_000);
    await this.outbox.recordFailure(message, this.config.OUTBOX_BATCH_SIZE).catch(() => undefined);
  }

  /** Published rows are kept a day for inspection, then deleted. */
  private async cleanupIfDue(): Promise<void> {
    if (Date.now() - this.lastCleanup < CLEANUP_EVERY_MS) return;
    this.lastCleanup = Date.now();
    await this.outbox.deletePublishedOlderThan(KEEP_PUBLISHED_HOURS);
  }

  /** Stops before the database closes; rows not yet published stay for the next relay. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    clearInterval(this.pollTimer);
    clearTimeout(this.retryTimer);
    await this.draining?.catch(() => undefined);
    await this.publisher.disconnect().catch(() => undefined);
  }
}

function groupByTopic(rows: readonly OutboxEventEntity[]): Map<string, OutboxEventEntity[]> {
  const groups = new Map<string, OutboxEventEntity[]>();
  for (const row of rows) {
    const list = groups.get(row.topic) ?? [];
    list.push(row);
    groups.set(row.topic, list);
  }
  return groups;
}
