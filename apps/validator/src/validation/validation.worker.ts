import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Job, QueueEvents, Worker } from 'bullmq';
import { QUEUES, type ValidationJobData } from '@model-garden/contracts';
import { type AppLogger, commandFromJob, contextFromTraceparent, inSpan, LOGGER, ServiceConnections, SpanKind, tracingEnabled } from '@model-garden/platform';
import { ValidatorConfig } from '../config/validator.config';
import { ValidationQueues } from '../infrastructure/validation-queues';
import { ValidatorMetrics } from '../metrics/validator.metrics';
import { ValidateModelCommand } from './usecases/validate-model/validate-model.command';
import { ValidateModelUseCase } from './usecases/validate-model/validate-model.usecase';
import { RetryableValidationError, validationBackoffMs, VerdictPublishedError } from './validation-retry';

/** BullMQ's reason for a job whose workers kept dying (maxStalledCount exceeded). */
const STALLED_OUT = /stalled more than allowable limit/i;
const WEEK_SECONDS = 7 * 86_400;

/**
 * Runs validation jobs: bounded concurrency, retries with backoff only for transient
 * failures, a published verdict on the last attempt whatever happened, stalled-job
 * recovery after a worker crash, and a graceful close that lets running jobs finish
 * (or, past the shutdown deadline, leaves them to be recovered by another replica).
 */
@Injectable()
export class ValidationWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private worker: Worker<ValidationJobData> | undefined;
  private events: QueueEvents | undefined;
  private readonly log: AppLogger;

  constructor(
    private readonly config: ValidatorConfig,
    private readonly connections: ServiceConnections,
    private readonly queues: ValidationQueues,
    private readonly validate: ValidateModelUseCase,
    @Inject(ValidatorMetrics) private readonly metrics: ValidatorMetrics,
    @Inject(LOGGER) logger: AppLogger,
  ) {
    this.log = logger.child({ component: 'validation-worker' });
  }

  onApplicationBootstrap(): void {
    const config = this.config;
    this.worker = new Worker<ValidationJobData>(QUEUES.validation, (job) => this.processTraced(job), {
      connection: this.connections.redis,
      prefix: config.REDIS_PREFIX,
      concurrency: config.VALIDATOR_CONCURRENCY,
      lockDuration: config.VALIDATOR_LOCK_DURATION_MS,
      stalledInterval: config.VALIDATOR_STALLED_INTERVAL_MS,
      maxStalledCount: config.VALIDATOR_MAX_STALLED_COUNT,
      settings: {
        backoffStrategy: (attemptsMade, _type, error) =>
          validationBackoffMs(attemptsMade, error, { baseMs: config.VALIDATOR_BACKOFF_MS, maxMs: config.VALIDATOR_BACKOFF_MAX_MS }),
      },
    });
    this.worker.on('error', (error) => this.log.warn({ err: error }, 'validation worker error'));
    this.worker.on('stalled', (jobId) => {
      this.metrics.recordJob(QUEUES.validation, 'stalled');
      this.log.warn({ jobId }, 'recovered a validation job whose worker stopped');
    });
    this.worker.on('failed', (job, error) => {
      if (!job || error instanceof VerdictPublishedError) return;
      this.log.warn({ jobId: job.id, attempt: job.attemptsMade, err: error }, 'validation attempt failed');
    });
    // A job whose workers kept dying is failed by BullMQ's stalled check, outside any
    // processor: publish its verdict here so the model does not stay `validating`.
    this.events = new QueueEvents(QUEUES.validation, { connection: this.connections.redis, prefix: config.REDIS_PREFIX });
    this.events.on('failed', ({ jobId, failedReason }) => {
      if (STALLED_OUT.test(failedReason)) void this.publishStalledOut(jobId);
    });
    this.events.on('error', (error) => this.log.warn({ err: error }, 'validation queue events error'));
  }

  /** Stops taking jobs and waits for the running ones to finish. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.events?.close();
  }

  /** One attempt in a consumer span that continues the trace the job carries (the model's add or change). */
  private processTraced(job: Job<ValidationJobData>): Promise<{ outcome: string; reason?: string }> {
    if (!tracingEnabled()) return this.process(job);
    return inSpan(
      'process model-validation',
      {
        kind: SpanKind.CONSUMER,
        parent: contextFromTraceparent(job.data.traceparent),
        attributes: { 'messaging.system': 'bullmq', 'messaging.destination.name': QUEUES.validation, 'messaging.message.id': job.id ?? '', 'model_garden.model.id': job.data.modelId, 'model_garden.job.attempt': job.attemptsMade + 1 },
      },
      () => this.process(job),
    );
  }

  private async process(job: Job<ValidationJobData>): Promise<{ outcome: string; reason?: string }> {
    const attempt = job.attemptsMade + 1;
    const maxAttempts = job.opts.attempts ?? 1;
    const log = this.log.child({ jobId: job.id, modelId: job.data.modelId, revision: job.data.revision, attempt });
    const command = commandFromJob(() => ValidateModelCommand.create({ ...job.data, attempt, maxAttempts }));
    let result;
    try {
      result = await this.validate.execute(command);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (attempt < maxAttempts) {
        this.metrics.recordJob(QUEUES.validation, 'error');
        throw error;
      }
      await this.validate.publishGaveUp(job.data, attempt, reason);
      this.metrics.recordJob(QUEUES.validation, 'gave-up');
      log.error({ err: error }, 'validation gave up: published failed');
      throw new VerdictPublishedError(`gave up after ${attempt} attempts: ${reason}`);
    }
    switch (result.kind) {
      case 'skipped':
        this.metrics.recordJob(QUEUES.validation, 'skipped');
        log.info({ reason: result.reason }, 'validation skipped');
        return { outcome: 'skipped', reason: result.reason };
      case 'retry':
        this.metrics.recordJob(QUEUES.validation, 'retry');
        log.info({ code: result.failure.code, check: result.failure.check, delayMs: result.delayMs }, 'failed attempt; retrying');
        throw new RetryableValidationError(result.failure, result.delayMs);
      case 'published':
        this.metrics.recordJob(QUEUES.validation, result.status);
        log.info({ status: result.status, code: result.failure?.code }, 'validation published');
        if (result.status === 'failed' && result.failure) {
          throw new VerdictPublishedError(`${result.failure.check}: ${result.failure.code}: ${result.failure.message}`);
        }
        return { outcome: result.status };
    }
  }

  private async publishStalledOut(jobId: string): Promise<void> {
    try {
      const job = await Job.fromId<ValidationJobData>(this.queues.validation, jobId);
      if (!job) return;
      // Every replica hears the event; one publishes.
      const claimed = await this.connections.redis.set(`${this.config.REDIS_PREFIX}:validator:stalled-out:${jobId}`, '1', 'EX', WEEK_SECONDS, 'NX');
      if (claimed !== 'OK') return;
      await this.validate.publishGaveUp(job.data, job.attemptsMade, 'the validator stopped repeatedly while running it');
      this.metrics.recordJob(QUEUES.validation, 'stalled-out');
      this.log.error({ jobId, modelId: job.data.modelId }, 'validation job stalled out: published failed');
    } catch (error) {
      this.log.error({ err: error, jobId }, 'could not publish the verdict of a stalled-out validation job');
    }
  }
}
