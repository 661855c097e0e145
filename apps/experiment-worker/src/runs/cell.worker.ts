import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, Job, QueueEvents, UnrecoverableError, Worker } from 'bullmq';
import { type ExperimentCellJobData, QUEUES } from '@model-garden/contracts';
import { type AppLogger, commandFromJob, exponentialBackoffMs, LOGGER, ServiceConnections } from '@model-garden/platform';
import { ExperimentWorkerConfig } from '../config/experiment-worker.config';
import { CellQueues } from '../infrastructure/cell-queues';
import { ExperimentWorkerMetrics } from '../metrics/experiment-worker.metrics';
import { RunCellCommand } from './usecases/run-cell/run-cell.command';
import { RunCellUseCase } from './usecases/run-cell/run-cell.usecase';

/** BullMQ's reason for a job whose workers kept dying (maxStalledCount exceeded). */
const STALLED_OUT = /stalled more than allowable limit/i;
const WEEK_SECONDS = 7 * 86_400;

/** The failed cell is published: the job ends in the failed set, never retried. */
class CellGaveUpError extends UnrecoverableError {
  constructor(message: string) {
    super(message);
    this.name = 'CellGaveUpError';
  }
}

/**
 * Runs cell jobs: bounded concurrency per worker and per model (leased slots; a job
 * without a slot goes back to the delayed set without using an attempt), retries with
 * backoff only when the platform failed, a failed cell published when the attempts run
 * out or the job's workers keep dying, and stalled-job recovery after a crash: the job
 * runs again and the registry stores its cell once, by (cell, attempt).
 */
@Injectable()
export class CellWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private worker: Worker<ExperimentCellJobData> | undefined;
  private events: QueueEvents | undefined;
  private readonly log: AppLogger;

  constructor(
    private readonly config: ExperimentWorkerConfig,
    private readonly connections: ServiceConnections,
    private readonly queues: CellQueues,
    private readonly runCell: RunCellUseCase,
    @Inject(ExperimentWorkerMetrics) private readonly metrics: ExperimentWorkerMetrics,
    @Inject(LOGGER) logger: AppLogger,
  ) {
    this.log = logger.child({ component: 'cell-worker' });
  }

  onApplicationBootstrap(): void {
    const config = this.config;
    this.worker = new Worker<ExperimentCellJobData>(QUEUES.experimentCells, (job, token) => this.process(job, token), {
      connection: this.connections.redis,
      prefix: config.REDIS_PREFIX,
      concurrency: config.EXPERIMENT_WORKER_CONCURRENCY,
      lockDuration: config.EXPERIMENT_LOCK_DURATION_MS,
      stalledInterval: config.EXPERIMENT_STALLED_INTERVAL_MS,
      maxStalledCount: config.EXPERIMENT_MAX_STALLED_COUNT,
      // BullMQ passes the attempts made so far (1 after the first failure): the first retry waits the base delay.
      settings: { backoffStrategy: (attemptsMade) => exponentialBackoffMs(attemptsMade - 1, { baseMs: config.EXPERIMENT_BACKOFF_MS, maxMs: config.EXPERIMENT_BACKOFF_MAX_MS }) },
    });
    this.worker.on('error', (error) => this.log.warn({ err: error }, 'cell worker error'));
    this.worker.on('stalled', (jobId) => {
      this.metrics.recordJob('stalled');
      this.log.warn({ jobId }, 'recovered a cell job whose worker stopped');
    });
    this.events = new QueueEvents(QUEUES.experimentCells, { connection: this.connections.redis, prefix: config.REDIS_PREFIX });
    this.events.on('failed', ({ jobId, failedReason }) => {
      if (STALLED_OUT.test(failedReason)) void this.publishStalledOut(jobId);
    });
    this.events.on('error', (error) => this.log.warn({ err: error }, 'cell queue events error'));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.events?.close();
  }

  private async process(job: Job<ExperimentCellJobData>, token: string | undefined): Promise<{ outcome: string; reason?: string }> {
    const started = performance.now();
    const attempt = job.attemptsMade + 1;
    const maxAttempts = job.opts.attempts ?? 1;
    const command = commandFromJob(() => RunCellCommand.create({ ...job.data, jobId: job.id }));
    let result;
    try {
      result = await this.runCell.execute(command);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (attempt < maxAttempts) {
        this.metrics.recordJob('retry');
        this.log.warn({ jobId: job.id, runId: job.data.runId, attempt, err: error }, 'cell attempt failed; retrying');
        throw error;
      }
      await this.runCell.publishGaveUp(command, `${attempt} attempts failed; the last: ${reason}`);
      this.metrics.recordCell('failed', (performance.now() - started) / 1000);
      this.metrics.recordJob('gave-up');
      throw new CellGaveUpError(`gave up after ${attempt} attempts: ${reason}`);
    }
    switch (result.kind) {
      case 'wait': {
        this.metrics.recordJob(result.reason === 'slot' ? 'slot-wait' : 'rate-limited');
        const base = result.delayMs ?? this.config.EXPERIMENT_SLOT_RETRY_MS;
        await job.moveToDelayed(Date.now() + base + Math.floor(Math.random() * this.config.EXPERIMENT_SLOT_RETRY_MS), token);
        throw new DelayedError();
      }
      case 'skipped':
        this.metrics.recordCell('skipped', (performance.now() - started) / 1000);
        return { outcome: 'skipped', reason: result.reason };
      case 'published':
        this.metrics.recordCell(result.status, (performance.now() - started) / 1000);
        return { outcome: result.status };
    }
  }

  private async publishStalledOut(jobId: string): Promise<void> {
    try {
      const job = await Job.fromId<ExperimentCellJobData>(this.queues.cells, jobId);
      if (!job) return;
      // Every replica hears the event; one publishes.
      const claimed = await this.connections.redis.set(`${this.config.REDIS_PREFIX}:experiments:stalled-out:${jobId}`, '1', 'EX', WEEK_SECONDS, 'NX');
      if (claimed !== 'OK') return;
      await this.runCell.publishGaveUp(RunCellCommand.create({ ...job.data, jobId }), 'the experiment worker stopped repeatedly while running it');
      this.metrics.recordJob('stalled-out');
      this.log.error({ jobId, runId: job.data.runId }, 'cell job stalled out: published failed');
    } catch (error) {
      this.log.error({ err: error, jobId }, 'could not publish the failure of a stalled-out cell job');
    }
  }
}
