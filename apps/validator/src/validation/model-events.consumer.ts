import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { type EventEnvelope, prefixedTopic, TOPICS } from '@model-garden/contracts';
import { type AppLogger, ensureTopics, type EventConsumer, LOGGER, MetricsService, PermanentEventError, ServiceConnections, startEventConsumer } from '@model-garden/platform';
import { ValidatorConfig } from '../config/validator.config';
import { EnqueueValidationCommand } from './usecases/enqueue-validation/enqueue-validation.command';
import { EnqueueValidationUseCase } from './usecases/enqueue-validation/enqueue-validation.usecase';

/**
 * Consumes model events (every validator replica in one consumer group) and turns
 * ModelAdded, ModelUpdated (when a revalidating field changed) and
 * ModelValidationRequested into validation jobs. At least once: an offset is
 * committed after the job is in Redis; a redelivered event is a no-op by job id.
 * A trigger whose data is malformed is parked on the models dead-letter topic;
 * Redis being away is retried.
 */
@Injectable()
export class ModelEventsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumer: EventConsumer | undefined;
  private readonly log: AppLogger;

  constructor(
    private readonly config: ValidatorConfig,
    private readonly connections: ServiceConnections,
    private readonly enqueue: EnqueueValidationUseCase,
    private readonly metrics: MetricsService,
    @Inject(LOGGER) logger: AppLogger,
  ) {
    this.log = logger.child({ component: 'model-events' });
  }

  async onApplicationBootstrap(): Promise<void> {
    const topics = [TOPICS.models, TOPICS.validation].map((topic) => prefixedTopic(this.config.KAFKA_TOPIC_PREFIX, topic));
    await ensureTopics(await this.connections.kafkaAdmin.connect(), topics, this.config.KAFKA_TOPIC_PARTITIONS, { logger: this.log });
    this.consumer = await startEventConsumer({
      kafka: this.connections.kafka,
      groupId: this.config.KAFKA_GROUP_ID,
      topics: [topics[0]],
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
    const built = EnqueueValidationCommand.fromEvent(event);
    if (!built.ok && built.malformed) throw new PermanentEventError('invalid', built.reason);
    if (!built.ok) {
      this.log.debug({ eventId: event.id, type: event.type, reason: built.reason }, 'event needs no validation');
      return;
    }
    const result = await this.enqueue.execute(built.command);
    this.log.info({ eventId: event.id, type: event.type, modelId: built.command.modelId, revision: built.command.revision, result: result.kind }, 'model event handled');
  }
}
