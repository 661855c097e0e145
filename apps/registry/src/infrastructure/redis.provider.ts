import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { createRedis, HealthService } from '@model-garden/platform';
import type Redis from 'ioredis';
import { RegistryConfig } from '../config/registry.config';

/**
 * The registry's Redis connection (per-key rate limits, shared by every replica).
 * Commands fail at once while Redis is away instead of queueing, so a request gets a
 * clear 503 rather than hanging; Redis is part of readiness.
 */
@Injectable()
export class RegistryRedis implements OnModuleInit, OnApplicationShutdown {
  readonly client: Redis;

  constructor(
    config: RegistryConfig,
    private readonly health: HealthService,
  ) {
    this.client = createRedis(config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 });
    // Reconnection is ioredis's own; errors while Redis is away are reported by readiness, not logged per attempt.
    this.client.on('error', () => undefined);
  }

  onModuleInit(): void {
    this.health.register('redis', async () => {
      await this.client.ping();
    });
  }

  onApplicationShutdown(): void {
    this.client.disconnect();
  }
}
