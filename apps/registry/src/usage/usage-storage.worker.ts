import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { type AppLogger, LOGGER } from '@model-garden/platform';
import { RegistryConfig } from '../config/registry.config';
import { MaintainUsageStorageCommand } from './usecases/maintain-usage-storage/maintain-usage-storage.command';
import { MaintainUsageStorageUseCase, type UsageStorageOutcome } from './usecases/maintain-usage-storage/maintain-usage-storage.usecase';

/**
 * At start and every USAGE_STORAGE_INTERVAL_SECONDS: partitions of usage records ahead of
 * time, raw retention (whole partitions) and rollup retention (MaintainUsageStorageUseCase,
 * one replica at a time). A failed run (database away) is tried at the next tick; a tick
 * while a run is in progress is skipped; shutdown waits for the run in progress.
 */
@Injectable()
export class UsageStorageWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<UsageStorageOutcome | undefined> | undefined;
  private readonly command: MaintainUsageStorageCommand;
  private readonly intervalMs: number;

  constructor(
    config: RegistryConfig,
    private readonly maintain: MaintainUsageStorageUseCase,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {
    this.command = MaintainUsageStorageCommand.create({
      rawRetentionDays: config.USAGE_RAW_RETENTION_DAYS,
      partitionsAheadDays: config.USAGE_PARTITIONS_AHEAD_DAYS,
      minuteRetentionDays: config.USAGE_MINUTE_ROLLUP_RETENTION_DAYS,
      hourRetentionDays: config.USAGE_HOUR_ROLLUP_RETENTION_DAYS,
      dayRetentionDays: config.USAGE_DAY_ROLLUP_RETENTION_DAYS,
    });
    this.intervalMs = config.USAGE_STORAGE_INTERVAL_SECONDS * 1000;
  }

  onApplicationBootstrap(): void {
    void this.run();
    this.timer = setInterval(() => void this.run(), this.intervalMs);
    this.timer.unref();
  }

  /** One run (none while another runs); undefined when it failed or was skipped. */
  async run(): Promise<UsageStorageOutcome | undefined> {
    if (this.running) return undefined;
    this.running = this.maintain
      .execute(this.command)
      .then((outcome) => {
        if (outcome.partitionsCreated > 0 || outcome.partitionsDropped.length > 0) this.logger.info(outcome, 'usage storage maintained');
        return outcome;
      })
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, 'could not maintain usage storage; trying again at the next run');
        return undefined;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
