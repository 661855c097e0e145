import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { type Job, Worker } from 'bullmq';
import { JOB_NAMES, QUEUES } from '@model-garden/contracts';
import { type AppLogger, commandFromJob, LOGGER, ServiceConnections } from '@model-garden/platform';
import { ValidatorConfig } from '../config/validator.config';
import { ValidationQueues } from '../infrastructure/validation-queues';
import { ValidatorMetrics } from '../metrics/validator.metrics';
import { CheckModelHealthCommand } from './usecases/check-model-health/check-model-health.command';
import { CheckModelHealthUseCase } from './usecases/check-model-health/check-model-health.usecase';
import { SweepModelsInServiceCommand } from './usecases/sweep-models-in-service/sweep-models-in-service.command';
import { SweepModelsInServiceUseCase } from './usecases/sweep-models-in-service/sweep-models-in-service.usecase';

/** The repeatable sweep's scheduler id: every replica upserts the same one, so it runs once per interval. */
export const HEALTH_SWEEP_SCHEDULER = 'model-health-sweep';

/**
 * Health over time: a BullMQ job scheduler starts a sweep every
 * VALIDATOR_HEALTH_INTERVAL_SECONDS; the sweep schedules one re-check per model in
 * service, each delayed by a random part of half the interval.
 */
@Injectable()
export class HealthChecksWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private worker: Worker | undefined;
  private readonly log: AppLogger;

  constructor(
    private readonly config: ValidatorConfig,
    private readonly connections: ServiceConnections,
    private readonly queues: ValidationQueues,
    private readonly sweep: SweepModelsInServiceUseCase,
    private readonly check: CheckModelHealthUseCase,
    @Inject(ValidatorMetrics) private readonly metrics: ValidatorMetrics,
    @Inject(LOGGER) logger: AppLogger,
  ) {
    this.log = logger.child({ component: 'health-checks' });
  }

  async onApplicationBootstrap(): Promise<void> {
    const intervalMs = this.config.VALIDATOR_HEALTH_INTERVAL_SECONDS * 1000;
    if (intervalMs === 0) {
      await this.queues.health.removeJobScheduler(HEALTH_SWEEP_SCHEDULER);
      this.log.info('periodic health checks are disabled (VALIDATOR_HEALTH_INTERVAL_SECONDS=0)');
      return;
    }
    await this.queues.health.upsertJobScheduler(HEALTH_SWEEP_SCHEDULER, { every: intervalMs }, { name: JOB_NAMES.healthSweep, data: {} });
    this.worker = new Worker(QUEUES.healthChecks, (job) => this.process(job, intervalMs), {
      connection: this.connections.redis,
      prefix: this.config.REDIS_PREFIX,
      concurrency: this.config.VALIDATOR_HEALTH_CONCURRENCY,
      lockDuration: this.config.VALIDATOR_LOCK_DURATION_MS,
      stalledInterval: this.config.VALIDATOR_STALLED_INTERVAL_MS,
    });
    this.worker.on('error', (error) => this.log.warn({ err: error }, 'health worker error'));
    this.worker.on('failed', (job, error) => this.log.warn({ jobId: job?.id, err: error }, 'health job failed'));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  private async process(job: Job, intervalMs: number): Promise<unknown> {
    if (job.name === JOB_NAMES.healthSweep) {
      const result = await this.sweep.execute(commandFromJob(() => SweepModelsInServiceCommand.create({ sweepStartedAtMs: job.timestamp, spreadMs: Math.floor(intervalMs / 2) })));
      this.metrics.recordJob(QUEUES.healthChecks, `sweep-${result.kind}`);
      if (result.kind === 'unsupported') this.log.warn({ reason: result.reason }, 'health sweep skipped');
      else this.log.info({ models: result.models }, 'health sweep scheduled re-checks');
      return result;
    }
    const command = commandFromJob(() => CheckModelHealthCommand.create(job.data));
    const result = await this.check.execute(command);
    this.metrics.recordJob(QUEUES.healthChecks, `check-${result.kind}`);
    if (result.kind === 'changed') this.log.info({ modelId: command.modelId, from: result.from, to: result.to }, 'model health changed');
    return result;
  }
}
