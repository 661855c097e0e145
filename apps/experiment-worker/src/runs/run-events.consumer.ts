import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { EVENT_TYPES, type EventEnvelope, prefixedTopic, TOPICS } from '@model-garden/contracts';
import { type AppLogger, ensureTopics, type EventConsumer, LOGGER, MetricsService, PermanentEventError, ServiceConnections, startEventConsumer } from '@model-garden/platform';
import { ExperimentWorkerConfig } from '../config/experiment-worker.config';
import { CancelRunCellsCommand } from './usecases/cancel-run-cells/cancel-run-cells.command';
import { CancelRunCellsUseCase } from './usecases/cancel-run-cells/cancel-run-cells.usecase';
import { EnqueueRunCellsCommand } from './usecases/enqueue-run-cells/enqueue-run-cells.command';
import { EnqueueRunCellsUseCase } from './usecases/enqueue-run-cells/enqueue-run-cells.usecase';

/**
 * Consumes experiment run events (every replica in one consumer group):
 * ExperimentRunRequested becomes one job per queued cell, ExperimentRunCancelled a
 * mark that makes the run's waiting jobs skip. At least once: an offset is committed
 * after the jobs are in Redis; a redelivered event is a no-op by job id. A malformed
 * event is parked on the experiments dead-letter topic; Redis being away is retried.
 */
@Injectable()
export class RunEventsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumer: EventConsumer | undefined;
  private readonly log: AppLogger;

  constructor(
    private readonly config: ExperimentWorkerConfig,
    private readonly connections: ServiceConnections,
    private readonly enqueue: EnqueueRunCellsUseCase,
    private readonly cancel: CancelRunCellsUseCase,
    private readonly metrics: MetricsService,
    @Inject(LOGGER) logger: AppLogger,
  ) {
    this.log = logger.child({ component: 'run-events' });
  }

  async onApplicationBootstrap(): Promise<void> {
    const topics = [TOPICS.experiments, TOPICS.experimentResults].map((topic) => prefixedTopic(this.config.KAFKA_TOPIC_PREFIX, topic));
    await ensureTopics(await this.connections.kafkaAdmin.connect(), topics, this.config.KAFKA_TOPIC_PARTITIONS, { logger: this.log });
    this.consumer = await startEventConsumer({
      kafka: this.connections.kafka,
      groupId: this.config.KAFKA_GROUP_ID,
      topics: [topics[0]!],
      logger: this.log,
      handle: (event) => this.handle(event),
      metrics: this.metrics,
      deadLetterPartitions: this.config.KAFKA_TOPIC_PARTITIONS,
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.disconnect().catch((error: unknown) => this.log.warn({ err: error }, 'consumer disconnect failed'));
  }

  async handle(event: EventEnvelope): Promise<void> {
    if (event.type === EVENT_TYPES.experimentRunCancelled) {
      const built = CancelRunCellsCommand.fromEvent(event);
      if (!built.ok) throw new PermanentEventError('invalid', built.reason);
      await this.cancel.execute(built.command);
      this.log.info({ eventId: event.id, runId: built.command.runId, dispatch: built.command.dispatch }, 'run cancelled: its waiting cells will be skipped');
      return;
    }
    if (event.type !== EVENT_TYPES.experimentRunRequested) return;
    const built = EnqueueRunCellsCommand.fromEvent(event);
    if (!built.ok) throw new PermanentEventError('invalid', built.reason);
    const result = await this.enqueue.execute(built.command);
    this.log.info({ eventId: event.id, runId: built.command.runId, dispatch: built.command.dispatch, result }, 'run requested');
  }
}
