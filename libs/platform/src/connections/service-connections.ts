import { type FactoryProvider, type OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { type Kafka } from 'kafkajs';
import { RegistryGrpcClient, type RegistryGrpcClientTls } from '../grpc';
import { HealthService } from '../health';
import { createKafka, KafkaAdminConnection } from '../kafka';
import { type AppLogger } from '../logging';
import { createRedis } from '../redis';

export interface ServiceConnectionsOptions {
  clientId: string;
  redisUrl: string;
  kafkaBrokers: string[];
  registryGrpcUrl: string;
  serviceToken: string;
  registryTls?: RegistryGrpcClientTls;
  logger: AppLogger;
  health: HealthService;
}

/**
 * The connections of a platform service that works for the registry (validator,
 * gateway): Redis, Kafka and the registry's gRPC, each one reported in readiness
 * and closed on shutdown.
 */
export class ServiceConnections implements OnApplicationShutdown {
  readonly redis: Redis;
  readonly kafka: Kafka;
  readonly registry: RegistryGrpcClient;
  readonly kafkaAdmin: KafkaAdminConnection;

  constructor(options: ServiceConnectionsOptions) {
    this.redis = createRedis(options.redisUrl, { connectionName: options.clientId });
    this.redis.on('error', (error: Error) => options.logger.warn({ err: error }, 'Redis connection error'));
    this.kafka = createKafka({ clientId: options.clientId, brokers: options.kafkaBrokers, logger: options.logger });
    this.kafkaAdmin = new KafkaAdminConnection(this.kafka);
    this.registry = new RegistryGrpcClient({ url: options.registryGrpcUrl, serviceToken: options.serviceToken, ...(options.registryTls ? { tls: options.registryTls } : {}) });
    options.health.register('redis', async () => {
      await this.redis.ping();
    });
    options.health.register('kafka', this.kafkaAdmin.check);
    options.health.register('registry', () => this.registry.ready());
  }

  async onApplicationShutdown(): Promise<void> {
    this.registry.close();
    await this.kafkaAdmin.close();
    this.redis.disconnect();
  }
}

/**
 * The Nest provider of a platform service's connections, built from its config
 * (the WithKafka/WithRedis/WithRegistryGrpcClientTls variables plus REGISTRY_GRPC_URL)
 * and the service's own token (its *_SERVICE_TOKEN variable).
 */
export function serviceConnectionsProvider(
  clientId: string,
  config: { REDIS_URL: string; KAFKA_BROKERS: string[]; REGISTRY_GRPC_URL: string } & RegistryGrpcClientTls,
  serviceToken: string,
  logger: AppLogger,
): FactoryProvider<ServiceConnections> {
  return {
    provide: ServiceConnections,
    inject: [HealthService],
    useFactory: (health: HealthService) =>
      new ServiceConnections({
        clientId,
        redisUrl: config.REDIS_URL,
        kafkaBrokers: config.KAFKA_BROKERS,
        registryGrpcUrl: config.REGISTRY_GRPC_URL,
        serviceToken,
        registryTls: config,
        logger,
        health,
      }),
  };
}
