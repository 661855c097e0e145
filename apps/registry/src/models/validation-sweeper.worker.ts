import { Inject, Injectable } from '@nestjs/common';
import { type AppLogger, LOGGER, MetricsService } from '@model-garden/platform';
import { RegistryConfig } from '../config/registry.config';
import { StuckSweeper, type StuckSweep } from '../shared/stuck-sweeper';
import { RequestStuckValidationsCommand } from './usecases/request-stuck-validations/request-stuck-validations.command';
import { RequestStuckValidationsUseCase } from './usecases/request-stuck-validations/request-stuck-validations.usecase';

/**
 * Every REGISTRY_VALIDATION_SWEEP_INTERVAL_SECONDS, asks again for the validation of
 * models `validating` for longer than REGISTRY_VALIDATION_STUCK_AFTER_SECONDS, so no
 * model stays `validating` for ever when its verdict was lost. A sweep that fails
 * (database away) is simply tried at the next tick.
 */
@Injectable()
export class ValidationSweeper extends StuckSweeper {
  protected readonly work: StuckSweep;

  constructor(config: RegistryConfig, requestStuck: RequestStuckValidationsUseCase, metrics: MetricsService, @Inject(LOGGER) logger: AppLogger) {
    super(logger);
    const stuckAfterSeconds = config.REGISTRY_VALIDATION_STUCK_AFTER_SECONDS;
    const requeued = metrics.counter('registry_validations_requested_again_total', 'Models whose validation the registry requested again after no result arrived in time', []);
    this.work = {
      intervalSeconds: config.REGISTRY_VALIDATION_SWEEP_INTERVAL_SECONDS,
      enabled: stuckAfterSeconds !== 0,
      requestBatch: (batchSize) => requestStuck.execute(RequestStuckValidationsCommand.create({ stuckAfterSeconds, batchSize })),
      found: (models) => {
        requeued.inc(models.length);
        logger.warn({ models, stuckAfterSeconds }, 'no validation result in time: validation requested again');
      },
      failureMessage: 'could not look for models stuck in validating; trying again at the next sweep',
    };
  }
}
