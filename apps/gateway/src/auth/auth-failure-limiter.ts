/**
 * Failed authentications per client address in a fixed one-minute window, in process.
 * Past the limit an address is refused (429 with Retry-After) before its key is even
 * looked up, so guessing keys costs the guesser, not the registry. The table is bounded:
 * beyond `maxAddresses` the oldest windows go first.
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
