/**
 * Failed authentications per client address in a fixed one-minute window, as this
 * process knows them. Past the limit an address is refused (429 with Retry-After) before
 * its key is even looked up, so guessing keys costs the guesser, not the registry. The
 * table is bounded: beyond `maxAddresses` the oldest windows go first.
 *
 * The check reads this table only (no network on the way in). With several replicas,
 * each failure is also counted in a window shared through Redis, and the shared count
 * is `adopt`ed here: a replica learns at an address's next failure what the others
 * saw, so an address gets at most `limit` + (replicas - 1) failures per window, not
 * `limit` per replica.
 */
export interface AuthFailureLimiterOptions {
  /** Failures per window an address may cause; 0 disables. */
  limit: number;
  windowMs?: number;
  maxAddresses?: number;
  now?: () => number;
}

interface Window {
  startedAt: number;
  failures: number;
}

export class AuthFailureLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly windowMs: number;
  private readonly maxAddresses: number;
  private readonly now: () => number;

  constructor(private readonly options: AuthFailureLimiterOptions) {
    this.windowMs = options.windowMs ?? 60_000;
    this.maxAddresses = options.maxAddresses ?? 100_000;
    this.now = options.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.options.limit > 0;
  }

  /** Seconds the address must wait before it may try again, or 0 when it may try now. */
  retryAfterSeconds(address: string): number {
    if (this.options.limit <= 0) return 0;
    const window = this.windows.get(address);
    if (window === undefined || window.failures < this.options.limit) return 0;
    const left = window.startedAt + this.windowMs - this.now();
    if (left <= 0) {
      this.windows.delete(address);
      return 0;
    }
    return Math.ceil(left / 1000);
  }

  /**
   * Takes the shared count of the address's window (every replica's failures) when it
   * exceeds what this process counted, with the time the shared window has left.
   */
  adopt(address: string, failures: number, remainingMs: number): void {
    if (this.options.limit <= 0) return;
    const now = this.now();
    const window = this.windows.get(address);
    const current = window !== undefined && window.startedAt + this.windowMs > now ? window.failures : 0;
    if (failures <= current) return;
    this.windows.delete(address);
    this.windows.set(address, { startedAt: now - this.windowMs + Math.min(this.windowMs, Math.max(0, remainingMs)), failures });
  }

  recordFailure(address: string): void {
    if (this.options.limit <= 0) return;
    const now = this.now();
    const window = this.windows.get(address);
    if (window !== undefined && window.startedAt + this.windowMs > now) {
      window.failures += 1;
      return;
    }
    this.windows.delete(address);
    this.windows.set(address, { startedAt: now, failures: 1 });
    while (this.windows.size > this.maxAddresses) {
      const oldest = this.windows.keys().next();
      if (oldest.done) break;
      this.windows.delete(oldest.value);
    }
  }
}
