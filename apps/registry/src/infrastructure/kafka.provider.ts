import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ALL_TOPICS, prefixedTopic, type TopicName } from '@model-garden/contracts';
import { type AppLogger, createKafka, ensureTopics, HealthService, KafkaAdminConnection, LOGGER } from '@model-garden/platform';
import { type Kafka } from 'kafkajs';
import { RegistryConfig } from '../config/registry.config';

/**
 * The registry's Kafka client. It creates the platform's topics if missing and
 * reports Kafka in readiness. Start-up does not wait for Kafka: the outbox keeps
 * every change until the broker is back; the relay and the consumer wait for
 * `topicsReady` before they start.
 */
@Injectable()
export class RegistryKafka implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  readonly kafka: Kafka;
  /** Resolves once every platform topic exists (retried with backoff until then). */
  readonly topicsReady: Promise<void>;
  private readonly kafkaAdmin: KafkaAdminConnection;
  private resolveTopicsReady!: () => void;
  private retryTimer: NodeJS.Timeout | undefined;
  private ensuring: Promise<void> | undefined;
  private isStopped = false;

  constructor(
    private readonly config: RegistryConfig,
    @Inject(LOGGER) private readonly logger: AppLogger,
    private readonly health: HealthService,
  ) {
    this.kafka = createKafka({ clientId: 'model-garden-registry', brokers: config.KAFKA_BROKERS, logger });
    this.kafkaAdmin = new KafkaAdminConnection(this.kafka);
    this.topicsReady = new Promise((resolve) => (this.resolveTopicsReady = resolve));
  }

  topic(name: TopicName): string {
    return prefixedTopic(this.config.KAFKA_TOPIC_PREFIX, name);
  }

  async onModuleInit(): Promise<void> {
    this.health.register('kafka', this.kafkaAdmin.check);
    this.ensureTopicsInBackground();
  }

  private ensureTopicsInBackground(): void {
    const attempt = async (delayMs: number): Promise<void> => {
      if (this.isStopped) return;
      try {
        await ensureTopics(await this.kafkaAdmin.connect(), ALL_TOPICS.map((t) => this.topic(t)), this.config.KAFKA_TOPIC_PARTITIONS, { logger: this.logger });
        this.resolveTopicsReady();
      } catch (error) {
        if (this.isStopped) return;
        this.logger.warn({ err: error, retryInMs: delayMs }, 'Kafka topics could not be ensured yet');
        this.retryTimer = setTimeout(() => {
          this.ensuring = attempt(Math.min(delayMs * 2, 30_000));
        }, delayMs);
        this.retryTimer.unref();
      }
    };
    this.ensuring = attempt(1_000);
  }

  beforeApplicationShutdown(): void {
    this.isStopped = true;
    clearTimeout(this.retryTimer);
  }

  async onApplicationShutdown(): Promise<void> {
    this.isStopped = true;
    clearTimeout(this.retryTimer);
    // An admin request in flight would reconnect after close: let it finish first,
    // but not for long (with Kafka unreachable it only ends after its retries).
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.ensuring, new Promise<void>((resolve) => (timer = setTimeout(resolve, 3_000)))]);
    clearTimeout(timer);
    await this.kafkaAdmin.close();
  }
}
