import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ALL_TOPICS, prefixedTopic } from '@model-garden/contracts';
import { type AppLogger, createKafka, ensureTopics, HealthService, KafkaAdminConnection, LOGGER } from '@model-garden/platform';
import { type Kafka } from 'kafkajs';
import { RegistryConfig } from '../config/registry.config';

/**
 * The registry's Kafka client. It creates the platform's topics if missing and
 * reports Kafka in readiness. Start-up does not wait for Kafka: the outbox keeps
 * every change until the broker is back.
 */
@Injectable()
export class RegistryKafka implements OnModuleInit, OnApplicationShutdown {
  readonly kafka: Kafka;
  private readonly kafkaAdmin: KafkaAdminConnection;

  constructor(
    private readonly config: RegistryConfig,
    @Inject(LOGGER) private readonly logger: AppLogger,
    private readonly health: HealthService,
  ) {
    this.kafka = createKafka({ clientId: 'model-garden-registry', brokers: config.KAFKA_BROKERS, logger });
    this.kafkaAdmin = new KafkaAdminConnection(this.kafka);
  }

  topic(name: (typeof ALL_TOPICS)[number]): string {
    return prefixedTopic(this.config.KAFKA_TOPIC_PREFIX, name);
  }

  async onModuleInit(): Promise<void> {
    this.health.register('kafka', this.kafkaAdmin.check);
    this.ensureTopicsInBackground();
  }

  private ensureTopicsInBackground(): void {
    const attempt = async (delayMs: number): Promise<void> => {
      try {
        await ensureTopics(await this.kafkaAdmin.connect(), ALL_TOPICS.map((t) => this.topic(t)), this.config.KAFKA_TOPIC_PARTITIONS);
      } catch (error) {
        this.logger.warn({ err: error, retryInMs: delayMs }, 'Kafka topics could not be ensured yet');
        setTimeout(() => void attempt(Math.min(delayMs * 2, 30_000)), delayMs).unref();
      }
    };
    void attempt(1_000);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.kafkaAdmin.close();
  }
}
