import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createEnvelope, EVENT_TYPES, type ExperimentCellCompletedData, prefixedTopic, TOPICS } from '@model-garden/contracts';
import { EventPublisher, ServiceConnections } from '@model-garden/platform';
import { ExperimentWorkerConfig } from '../config/experiment-worker.config';

export const EXPERIMENT_WORKER_EVENT_SOURCE = '/model-garden/experiment-worker';

/** Publishes ExperimentCellCompleted on the results topic, keyed by run id. Never a credential. */
@Injectable()
export class CellEventsPublisher implements OnApplicationShutdown {
  private readonly publisher: EventPublisher;
  private readonly topic: string;

  constructor(connections: ServiceConnections, config: ExperimentWorkerConfig) {
    this.publisher = EventPublisher.create(connections.kafka);
    this.topic = prefixedTopic(config.KAFKA_TOPIC_PREFIX, TOPICS.experimentResults);
  }

  async cellCompleted(data: ExperimentCellCompletedData): Promise<void> {
    await this.publisher.publish(this.topic, [createEnvelope(EVENT_TYPES.experimentCellCompleted, EXPERIMENT_WORKER_EVENT_SOURCE, data.runId, data)]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.disconnect().catch(() => undefined);
  }
}
