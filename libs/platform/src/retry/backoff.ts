export interface ExponentialBackoff {
  /** The delay of the first retry (attempt 0), before jitter. */
  readonly baseMs: number;
  /** The ceiling of the delay, before jitter. */
  readonly maxMs: number;
  /**
   * `equal` (default): a random delay between half and all of the exponential delay, so
   * many clients that failed together do not come back together; `none`: the delay itself.
   */
  readonly jitter?: 'equal' | 'none';
}

/**
 * The platform's one exponential backoff: `min(maxMs, baseMs · 2^attempt)` for attempt
 * 0, 1, 2…, with "equal jitter" unless `jitter: 'none'`. Whole milliseconds. `random`
 * is injectable for tests.
 */
export function exponentialBackoffMs(attempt: number, backoff: ExponentialBackoff, random: () => number = Math.random): number {
  // 2^1024 is Infinity, and min(maxMs, Infinity) is maxMs: no overflow to guard against.
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt));
  if (backoff.jitter === 'none') return Math.round(ceiling);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
