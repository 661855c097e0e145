import { Inject, Injectable } from '@nestjs/common';
import { type AppLogger, LOGGER, MetricsService } from '@model-garden/platform';
import { RegistryConfig } from '../config/registry.config';
import { StuckSweeper, type StuckSweep } from '../shared/stuck-sweeper';
import { RequestStuckRunsCommand } from './usecases/request-stuck-runs/request-stuck-runs.command';
import { RequestStuckRunsUseCase } from './usecases/request-stuck-runs/request-stuck-runs.usecase';

/**
 * Every EXPERIMENT_SWEEP_INTERVAL_SECONDS, asks the workers again for runs whose
 * queued cells made no progress for EXPERIMENT_STUCK_AFTER_SECONDS, so no run stays
 * `running` for ever when a cell was lost. A failed sweep is tried at the next tick.
 */
@Injectable()
export class RunSweeper extends StuckSweeper {
  protected readonly work: StuckSweep;

  constructor(config: RegistryConfig, requestStuck: RequestStuckRunsUseCase, metrics: MetricsService, @Inject(LOGGER) logger: AppLogger) {
    super(logger);
    const stuckAfterSeconds = config.EXPERIMENT_STUCK_AFTER_SECONDS;
    const requested = metrics.counter('registry_experiment_runs_requested_again_total', 'Experiment runs the registry asked the workers for again after their cells made no progress in time', []);
    this.work = {
      intervalSeconds: config.EXPERIMENT_SWEEP_INTERVAL_SECONDS,
      enabled: stuckAfterSeconds !== 0,
      requestBatch: (batchSize) => requestStuck.execute(RequestStuckRunsCommand.create({ stuckAfterSeconds, batchSize })),
      found: (runs) => {
        requested.inc(runs.length);
        logger.warn({ runs, stuckAfterSeconds }, 'experiment cells made no progress in time: run requested again');
      },
      failureMessage: 'could not look for stuck experiment runs; trying again at the next sweep',
    };
  }
}
