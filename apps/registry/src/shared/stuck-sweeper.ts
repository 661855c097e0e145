import { type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { type AppLogger } from '@model-garden/platform';

const BATCH_SIZE = 100;

/** What one kind of sweep does: how often, and how it finds and requests again one batch of stuck things. */
export interface StuckSweep {
  /** Seconds between sweeps; 0 turns the sweeper off. */
  readonly intervalSeconds: number;
  readonly enabled: boolean;
  /** Requests again at most `batchSize` stuck things, answering their ids. */
  requestBatch(batchSize: number): Promise<string[]>;
  /** Counts and logs one batch that was requested again. */
  found(ids: string[]): void;
  /** The log line when a sweep fails (it is tried again at the next tick). */
  readonly failureMessage: string;
}

/**
 * The loop behind the registry's sweepers: every `intervalSeconds`, request again, batch
 * after batch, what has been stuck too long. One sweep at a time (a tick while one runs
 * is skipped); a failed sweep (database away) is simply tried at the next tick; shutdown
 * waits for the sweep in progress.
 */
export abstract class StuckSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  protected constructor(private readonly logger: AppLogger) {}

  protected abstract readonly work: StuckSweep;

  onApplicationBootstrap(): void {
    if (!this.work.enabled) return;
    this.timer = setInterval(() => void this.sweep(), this.work.intervalSeconds * 1000);
    this.timer.unref();
  }

  /** One sweep (skipped while the previous one runs); resolves with the number of things requested again. */
  async sweep(): Promise<number> {
    if (this.running) return 0;
    let count = 0;
    const work = (async () => {
      let ids: string[];
      do {
        ids = await this.work.requestBatch(BATCH_SIZE);
        count += ids.length;
        if (ids.length > 0) this.work.found(ids);
      } while (ids.length === BATCH_SIZE && this.timer !== undefined);
    })().catch((error: unknown) => this.logger.warn({ err: error }, this.work.failureMessage));
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
