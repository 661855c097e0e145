import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { type HealthCheckJobData, QUEUES, type ValidationJobData } from '@model-garden/contracts';
import { ServiceConnections } from '@model-garden/platform';
import { ValidatorConfig } from '../config/validator.config';

const DAY_SECONDS = 86_400;

/** The backoff type of validation jobs: computed by the worker's strategy (jitter, Retry-After). */
export const VALIDATION_BACKOFF = 'validation';

/**
 * The validator's BullMQ queues on the shared Redis connection, under REDIS_PREFIX.
 * Validation jobs keep their result for a week (the window in which a duplicate event
 * is recognised by job id) and failed jobs for a month, for inspection.
 */
@Injectable()
export class ValidationQueues implements OnApplicationShutdown {
  readonly validation: Queue<ValidationJobData>;
  readonly health: Queue<HealthCheckJobData | Record<string, never>>;

  constructor(connections: ServiceConnections, config: ValidatorConfig) {
    const base = { connection: connections.redis, prefix: config.REDIS_PREFIX };
    this.validation = new Queue<ValidationJobData>(QUEUES.validation, {
      ...base,
      defaultJobOptions: {
        attempts: config.VALIDATOR_ATTEMPTS,
        backoff: { type: VALIDATION_BACKOFF },
        removeOnComplete: { age: 7 * DAY_SECONDS, count: 100_000 },
        removeOnFail: { age: 30 * DAY_SECONDS, count: 100_000 },
      },
    });
    this.health = new Queue(QUEUES.healthChecks, {
      ...base,
      defaultJobOptions: { attempts: 1, removeOnComplete: { age: DAY_SECONDS, count: 10_000 }, removeOnFail: { age: 7 * DAY_SECONDS, count: 10_000 } },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.validation.close(), this.health.close()]);
  }
}
