import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { type AppLogger, LOGGER, MetricsService } from '@model-garden/platform';
import { type Counter } from 'prom-client';
import { RegistryConfig } from '../config/registry.config';
import { RequestStuckValidationsUseCase } from './usecases/request-stuck-validations/request-stuck-validations.usecase';
import { RequestStuckValidationsCommand } from './usecases/request-stuck-validations/request-stuck-validations.command';

const BATCH_SIZE = 100;

/**
 * Every REGISTRY_VALIDATION_SWEEP_INTERVAL_SECONDS, asks again for the validation of
 * models `validating` for longer than REGISTRY_VALIDATION_STUCK_AFTER_SECONDS, so no
 * model stays `validating` for ever when its verdict was lost. A sweep that fails
 * (database away) is simply tried at the next tick.
 */
@Injectable()
export class ValidationSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private readonly requeued: Counter<never>;

  constructor(
    private readonly config: RegistryConfig,
    private readonly requestStuck: RequestStuckValidationsUseCase,
    metrics: MetricsService,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {
    this.requeued = metrics.counter('registry_validations_requested_again_total', 'Models whose validation the registry requested again after no result arrived in time', []);
  }

  onApplicationBootstrap(): void {
    if (this.config.REGISTRY_VALIDATION_STUCK_AFTER_SECONDS === 0) return;
    this.timer = setInterval(() => void this.sweep(), this.config.REGISTRY_VALIDATION_SWEEP_INTERVAL_SECONDS * 1000);
    this.timer.unref();
  }

  /** One sweep (skipped while the previous one runs); resolves with the number of models requested again. */
  async sweep(): Promise<number> {
    if (this.running) return 0;
    let count = 0;
    const work = (async () => {
      let ids: string[];
      do {
        ids = await this.requestStuck.execute(RequestStuckValidationsCommand.create({ stuckAfterSeconds: this.config.REGISTRY_VALIDATION_STUCK_AFTER_SECONDS, batchSize: BATCH_SIZE }));
        count += ids.length;
        if (ids.length > 0) {
          this.requeued.inc(ids.length);
          this.logger.warn({ models: ids, stuckAfterSeconds: this.config.REGISTRY_VALIDATION_STUCK_AFTER_SECONDS }, 'no validation result in time: validation requested again');
        }
      } while (ids.length === BATCH_SIZE && this.timer !== undefined);
    })().catch((error: unknown) => this.logger.warn({ err: error }, 'could not look for models stuck in validating; trying again at the next sweep'));
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
