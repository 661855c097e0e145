import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { EVENT_TYPES, type EventEnvelope, TOPICS } from '@model-garden/contracts';
import { type AppLogger, CommandValidationError, type EventConsumer, type EventFailure, LOGGER, MetricsService, startEventConsumer } from '@model-garden/platform';
import { type Counter } from 'prom-client';
import { ChargeBudgetsCommand } from '../budgets/usecases/charge-budgets/charge-budgets.command';
import { ChargeBudgetsUseCase } from '../budgets/usecases/charge-budgets/charge-budgets.usecase';
import { RegistryConfig } from '../config/registry.config';
import { ApplyCellResultCommand } from '../experiments/usecases/apply-cell-result/apply-cell-result.command';
import { ApplyCellResultUseCase } from '../experiments/usecases/apply-cell-result/apply-cell-result.usecase';
import { RegistryKafka } from '../infrastructure/kafka.provider';
import { ApplyHealthChangeCommand } from '../models/usecases/apply-health-change/apply-health-change.command';
import { ApplyHealthChangeUseCase } from '../models/usecases/apply-health-change/apply-health-change.usecase';
import { ApplyValidationProgressCommand } from '../models/usecases/apply-validation-progress/apply-validation-progress.command';
import { ApplyValidationProgressUseCase } from '../models/usecases/apply-validation-progress/apply-validation-progress.usecase';
import { ApplyValidationResultCommand } from '../models/usecases/apply-validation-result/apply-validation-result.command';
import { ApplyValidationResultUseCase } from '../models/usecases/apply-validation-result/apply-validation-result.usecase';
import { permanentDatabaseFailure } from '../shared/pg-errors.util';
import { RegistryException } from '../shared/registry.exception';
import { RecordUsageBatchCommand } from '../usage/usecases/record-usage/record-usage-batch.command';
import { RecordUsageCommand } from '../usage/usecases/record-usage/record-usage.command';
import { RecordUsageUseCase } from '../usage/usecases/record-usage/record-usage.usecase';

/**
 * Consumes what other services tell the registry: validation progress and results, health
 * changes (validator), usage (gateway), experiment cell results (experiment worker). Each message becomes a validated command
 * for one use case; the offset is committed only after it succeeded (at least
 * once), and every use case is idempotent. A message that can never succeed (its
 * data is invalid, a value is out of range for its column, a constraint refuses it)
 * is parked on the topic's dead-letter topic (see `classifyRegistryEventFailure`)
 * rather than retried forever; a database that is away is retried.
 */
@Injectable()
export class RegistryEventsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumer: EventConsumer | undefined;
  private starting: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private resolveStopSignal!: () => void;
  private readonly stopSignal = new Promise<void>((resolve) => (this.resolveStopSignal = resolve));
  private readonly consumed: Counter<'type' | 'outcome'>;

  constructor(
    private readonly kafka: RegistryKafka,
    private readonly config: RegistryConfig,
    @Inject(LOGGER) private readonly logger: AppLogger,
    private readonly applyValidation: ApplyValidationResultUseCase,
    private readonly applyHealth: ApplyHealthChangeUseCase,
    private readonly recordUsage: RecordUsageUseCase,
    private readonly applyCellResult: ApplyCellResultUseCase,
    private readonly chargeBudgets: ChargeBudgetsUseCase,
    private readonly metrics: MetricsService,
    private readonly applyProgress: ApplyValidationProgressUseCase,
  ) {
    this.consumed = metrics.counter('registry_events_consumed_total', 'Events consumed by the registry', ['type', 'outcome']);
  }

  onApplicationBootstrap(): void {
    this.schedule(0, 1_000);
  }

  private schedule(delayMs: number, nextDelayMs: number): void {
    this.retryTimer = setTimeout(() => {
      this.starting = this.start(nextDelayMs).finally(() => {
        this.starting = undefined;
      });
    }, delayMs);
    this.retryTimer.unref();
  }

  private async start(retryDelayMs: number): Promise<void> {
    await Promise.race([this.kafka.topicsReady, this.stopSignal]);
    if (this.stopped) return;
    try {
      const consumer = await startEventConsumer({
        kafka: this.kafka.kafka,
        groupId: this.config.KAFKA_GROUP_ID,
        topics: [this.kafka.topic(TOPICS.validation), this.kafka.topic(TOPICS.usage), this.kafka.topic(TOPICS.experimentResults)],
        logger: this.logger,
        handle: (event) => this.handle(event),
        handleBatch: (events) => this.handleBatch(events),
        classify: classifyRegistryEventFailure,
        metrics: this.metrics,
        deadLetterPartitions: this.config.KAFKA_TOPIC_PARTITIONS,
        // Short fetches: a graceful shutdown waits for the fetch in flight.
        maxWaitTimeInMs: 500,
      });
      if (this.stopped) await consumer.disconnect();
      else this.consumer = consumer;
    } catch (error) {
      if (this.stopped) return;
      this.logger.warn({ err: error, retryInMs: retryDelayMs }, 'registry event consumer could not start yet');
      this.schedule(retryDelayMs, Math.min(retryDelayMs * 2, 30_000));
    }
  }

  /** Routes one event to its use case; events of other types on these topics are not for the registry. */
  async handle(event: EventEnvelope): Promise<void> {
    const eventTime = new Date(event.time);
    switch (event.type) {
      case EVENT_TYPES.modelValidationProgress:
        return this.dispatch(event, () => ApplyValidationProgressCommand.create(event.data), (c) => this.applyProgress.execute(c));
      case EVENT_TYPES.modelValidated:
        return this.dispatch(event, () => ApplyValidationResultCommand.create({ ...asObject(event.data), eventTime }), (c) => this.applyValidation.execute(c));
      case EVENT_TYPES.modelHealthChanged:
        return this.dispatch(event, () => ApplyHealthChangeCommand.create({ ...asObject(event.data), eventTime }), (c) => this.applyHealth.execute(c));
      case EVENT_TYPES.usageRecorded:
        // Usage records and the budgets' ledger are two tables fed by the same event, each idempotent by request id.
        return this.handleUsage(event, RecordUsageCommand.create(event.data));
      case EVENT_TYPES.experimentCellCompleted:
        return this.dispatch(event, () => ApplyCellResultCommand.create(event.data), (c) => this.applyCellResult.execute(c));
      default:
        return;
    }
  }

  /**
   * One fetched batch (one topic partition): usage events are stored together, in one
   * statement with their rollups (RecordUsageUseCase); other events one by one. Any failure
   * (an invalid event, a database error) throws, and the platform's consumer applies the
   * batch again event by event, so a poison event is parked alone.
   */
  async handleBatch(events: EventEnvelope[]): Promise<void> {
    const usage: RecordUsageCommand[] = [];
    for (const event of events) {
      if (event.type === EVENT_TYPES.usageRecorded) usage.push(RecordUsageCommand.create(event.data));
      else await this.handle(event);
    }
    if (usage.length === 0) return;
    // The budgets' ledger is fed by the same events, each charge idempotent by request id (a redelivered batch charges nothing twice).
    const charges = usage.map((command) => ChargeBudgetsCommand.fromUsage(command));
    const outcome = await this.recordUsage.execute(RecordUsageBatchCommand.compose({ usage }));
    for (const outcome of await this.chargeBudgets.executeBatch(charges)) this.consumed.inc({ type: 'BudgetCharge', outcome });
    this.consumed.inc({ type: EVENT_TYPES.usageRecorded, outcome: 'recorded' }, outcome.recorded);
    if (outcome.duplicates > 0) this.consumed.inc({ type: EVENT_TYPES.usageRecorded, outcome: 'duplicate' }, outcome.duplicates);
    this.logger.debug({ type: EVENT_TYPES.usageRecorded, ...outcome }, 'usage batch handled');
  }

  /** One usage event (not in a batch): its record, then its budgets' charge, from the one validated command. */
  private async handleUsage(event: EventEnvelope, usage: RecordUsageCommand): Promise<void> {
    await this.dispatch(
      event,
      () => RecordUsageBatchCommand.compose({ usage: [usage] }),
      async (c) => ((await this.recordUsage.execute(c)).recorded === 1 ? 'recorded' : 'duplicate'),
    );
    return this.dispatch(event, () => ChargeBudgetsCommand.fromUsage(usage), (c) => this.chargeBudgets.execute(c));
  }

  /** Builds the validated command (an invalid one throws a RegistryException: permanent) and runs its use case. */
  private async dispatch<C>(event: EventEnvelope, build: () => C, run: (command: C) => Promise<string>): Promise<void> {
    const outcome = await run(build());
    this.consumed.inc({ type: event.type, outcome });
    this.logger.debug({ eventId: event.id, type: event.type, subject: event.subject, outcome }, 'event handled');
  }

  /** Leaves the group before the database closes; unhandled messages go to another replica. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.resolveStopSignal();
    clearTimeout(this.retryTimer);
    // A start in progress finishes first (and then disconnects, seeing `stopped`).
    await this.starting;
    await this.consumer?.disconnect().catch(() => undefined);
  }
}

/**
 * The registry's permanent failures: a command that does not validate (the fields it
 * names go into the dead-letter header, never their values) and PostgreSQL's data
 * exceptions and constraint violations. Everything else (a database that is away, a
 * bug fixed by the next deploy) is retried.
 */
export function classifyRegistryEventFailure(error: unknown): EventFailure | undefined {
  if (error instanceof CommandValidationError) {
    const fields = [...new Set(error.details.map((d) => d.field))];
    return { kind: 'permanent', reason: 'invalid', detail: `invalid fields: ${fields.join(', ')}` };
  }
  if (error instanceof RegistryException && error.httpStatus === 400) {
    const fields = [...new Set((error.details ?? []).map((d) => d.field))];
    return { kind: 'permanent', reason: 'invalid', detail: fields.length ? `invalid fields: ${fields.join(', ')}` : error.message };
  }
  const database = permanentDatabaseFailure(error);
  return database ? { kind: 'permanent', ...database } : undefined;
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
