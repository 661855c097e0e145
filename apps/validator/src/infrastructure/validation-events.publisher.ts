import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import {
  createEnvelope,
  EVENT_TYPES,
  type ModelHealthChangedData,
  type ModelValidatedData,
  type ModelValidationProgressData,
  prefixedTopic,
  TOPICS,
} from '@model-garden/contracts';
import { EventPublisher, ServiceConnections } from '@model-garden/platform';
import { ValidatorConfig } from '../config/validator.config';

export const VALIDATOR_EVENT_SOURCE = '/model-garden/validator';

/** Publishes the validator's events on the validation topic, keyed by model id. They never carry a secret. */
@Injectable()
export class ValidationEventsPublisher implements OnApplicationShutdown {
  private readonly publisher: EventPublisher;
  private readonly topic: string;

  constructor(connections: ServiceConnections, config: ValidatorConfig) {
    this.publisher = EventPublisher.create(connections.kafka);
    this.topic = prefixedTopic(config.KAFKA_TOPIC_PREFIX, TOPICS.validation);
  }

  async modelValidated(data: ModelValidatedData): Promise<void> {
    await this.publisher.publish(this.topic, [createEnvelope(EVENT_TYPES.modelValidated, VALIDATOR_EVENT_SOURCE, data.modelId, data)]);
  }

  async modelValidationProgress(data: ModelValidationProgressData): Promise<void> {
    await this.publisher.publish(this.topic, [createEnvelope(EVENT_TYPES.modelValidationProgress, VALIDATOR_EVENT_SOURCE, data.modelId, data)]);
  }

  async modelHealthChanged(data: ModelHealthChangedData): Promise<void> {
    await this.publisher.publish(this.topic, [createEnvelope(EVENT_TYPES.modelHealthChanged, VALIDATOR_EVENT_SOURCE, data.modelId, data)]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.disconnect().catch(() => undefined);
  }
}
