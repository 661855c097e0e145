import { type BeforeApplicationShutdown, Injectable, type OnModuleInit } from '@nestjs/common';
import { PgNotifications } from '../infrastructure/pg-notifications.service';
import { type ModelEntity } from './model.entity';
import { ModelRepository } from './model.repository';

const POLL_MS = 250;

/**
 * `?wait=<seconds>`: holds a response until the model's validation result for its
 * revision has been applied. The replica that applies a result NOTIFYs every
 * replica (LISTEN/NOTIFY), so the one holding the request wakes at once wherever
 * the Kafka consumer runs; a short poll of the row covers a missed notification.
 */
@Injectable()
export class ModelStatusWaiter implements OnModuleInit, BeforeApplicationShutdown {
  private readonly waiters = new Map<string, Set<() => void>>();
  private stopped = false;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly notifications: PgNotifications,
    private readonly models: ModelRepository,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.notifications.on('models', (modelId) => {
      if (modelId === undefined) this.wakeAll();
      else this.wake(modelId);
    });
  }

  /** The model once its revision is no longer `validating` (or changed again, or deleted), or as it is after `seconds`. */
  async waitForResult(model: ModelEntity, seconds: number): Promise<ModelEntity> {
    const deadline = Date.now() + seconds * 1000;
    let current = model;
    while (!this.stopped) {
      const fresh = await this.models.findById(model.id);
      if (!fresh) return current;
      current = fresh;
      if (fresh.revision !== model.revision || fresh.status !== 'validating') return fresh;
      const remaining = deadline - Date.now();
      if (remaining <= 0) return fresh;
      await this.sleepUntilNotified(model.id, Math.min(POLL_MS, remaining));
    }
    return current;
  }

  private sleepUntilNotified(modelId: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const set = this.waiters.get(modelId) ?? new Set();
      this.waiters.set(modelId, set);
      const done = (): void => {
        clearTimeout(timer);
        set.delete(done);
        if (set.size === 0 && this.waiters.get(modelId) === set) this.waiters.delete(modelId);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
    });
  }

  private wake(modelId: string): void {
    for (const done of [...(this.waiters.get(modelId) ?? [])]) done();
  }

  private wakeAll(): void {
    for (const id of [...this.waiters.keys()]) this.wake(id);
  }

  /** Before the HTTP server drains: held requests answer with what they have. */
  beforeApplicationShutdown(): void {
    this.stopped = true;
    this.unsubscribe?.();
    this.wakeAll();
  }
}
