import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ALL_TOPICS, prefixedTopic } from '@model-garden/contracts';
import { type AppLogger, createKafka, ensureTopics, HealthService, LOGGER } from '@model-garden/platform';
import { type Admin, type Kafka } from 'kafkajs';
import { RegistryConfig } from '../config/registry.config';

/**
 * The registry's Kafka client. It creates the platform's topics if missing and
 * reports Kafka in readiness. Start-up does not wait for Kafka: the outbox keeps
 * every change until the broker is back.
 */
@Injectable()
export class RegistryKafka implements OnModuleInit, OnApplicationShutdown {
  readonly kafka: Kafka;
  private readonly admin: Admin;
  private adminConnected: Promise<void> | undefined;

  constructor(
    private readonly config: RegistryConfig,
    @Inject(LOGGER) private readonly logger: AppLogger,
    private readonly health: HealthService,
  ) {
    this.kafka = createKafka({ clientId: 'model-garden-registry', brokers: config.KAFKA_BROKERS, logger });
    this.admin = this.kafka.admin();
  }

  topic(name: (typeof ALL_TOPICS)[number]): string {
    return prefixedTopic(this.config.KAFKA_TOPIC_PREFIX, name);
  }

  async onModuleInit(): Promise<void> {
    this.health.register('kafka', async () => {
      await this.connectAdmin();
      await this.admin.describeCluster();
    });
    this.ensureTopicsInBackground();
  }

  private ensureTopicsInBackground(): void {
    const attempt = async (delayMs: number): Promise<void> => {
      try {
        await this.connectAdmin();
        await ensureTopics(this.admin, ALL_TOPICS.map((t) => this.topic(t)), this.config.KAFKA_TOPIC_PARTITIONS);
      } catch (error) {
        this.logger.warn({ err: error, retryInMs: delayMs }, 'Kafka topics could not be ensured yet');
        setTimeout(() => void attempt(Math.min(delayMs * 2, 30_000)), delayMs).unref();
      }
    };
    void attempt(1_000);
  }

  private async connectAdmin(): Promise<void> {
    this.adminConnected ??= this.admin.connect().catch((error: unknown) => {
      this.adminConnected = undefined;
      throw error;
    });
    await this.adminConnected;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin.disconnect().catch(() => undefined);
  }
}
