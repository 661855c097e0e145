import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { type AppLogger, LOGGER, MetricsService } from '@model-garden/platform';
import { type Counter } from 'prom-client';
import { RegistryConfig } from '../config/registry.config';
import { RequestStuckRunsCommand } from './usecases/request-stuck-runs/request-stuck-runs.command';
import { RequestStuckRunsUseCase } from './usecases/request-stuck-runs/request-stuck-runs.usecase';

const BATCH_SIZE = 100;

/**
 * Every EXPERIMENT_SWEEP_INTERVAL_SECONDS, asks the workers again for runs whose
 * queued cells made no progress for EXPERIMENT_STUCK_AFTER_SECONDS, so no run stays
 * `running` for ever when a cell was lost. A failed sweep is tried at the next tick.
 */
@Injectable()
export class RunSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private readonly requested: Counter<never>;

  constructor(
    private readonly config: RegistryConfig,
    private readonly requestStuck: RequestStuckRunsUseCase,
    metrics: MetricsService,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {
    this.requested = metrics.counter('registry_experiment_runs_requested_again_total', 'Experiment runs the registry asked the workers for again after their cells made no progress in time', []);
  }

  onApplicationBootstrap(): void {
    if (this.config.EXPERIMENT_STUCK_AFTER_SECONDS === 0) return;
    this.timer = setInterval(() => void this.sweep(), this.config.EXPERIMENT_SWEEP_INTERVAL_SECONDS * 1000);
    this.timer.unref();
  }

  async sweep(): Promise<number> {
    if (this.running) return 0;
    let count = 0;
    const work = (async () => {
      let ids: string[];
      do {
        ids = await this.requestStuck.execute(RequestStuckRunsCommand.create({ stuckAfterSeconds: this.config.EXPERIMENT_STUCK_AFTER_SECONDS, batchSize: BATCH_SIZE }));
        count += ids.length;
        if (ids.length > 0) {
          this.requested.inc(ids.length);
          this.logger.warn({ runs: ids, stuckAfterSeconds: this.config.EXPERIMENT_STUCK_AFTER_SECONDS }, 'experiment cells made no progress in time: run requested again');
        }
      } while (ids.length === BATCH_SIZE && this.timer !== undefined);
    })().catch((error: unknown) => this.logger.warn({ err: error }, 'could not look for stuck experiment runs; trying again at the next sweep'));
    this.running = work;
    await work;
    this.running = undefined;
    return count;
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
