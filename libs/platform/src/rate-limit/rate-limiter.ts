import type Redis from 'ioredis';

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  /** Requests still allowed right now. */
  remaining: number;
  /** Seconds to wait before the next request can pass (0 when allowed). */
  retryAfterSeconds: number;
}

export class RateLimiterUnavailableError extends Error {
  override readonly name = 'RateLimiterUnavailableError';
  readonly code = 'service_unavailable';
}

/**
 * GCRA (a leaky bucket without a timer) in one Lua call: one key per subject holds
 * the theoretical arrival time, so every replica shares the same limit and a
 * subject may burst up to its per-minute limit, then gets one request per
 * 60 000 / limit ms. Time comes from Redis, so replicas' clocks do not matter.
 * A call may take several requests at once (`cost`): all of them or none.
 */
const GCRA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local cost = tonumber(ARGV[3] or '1')
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local new_tat = tat + interval * cost
local allow_at = new_tat - tolerance
if allow_at > now then
  return {0, allow_at - now}
end
redis.call('SET', KEYS[1], new_tat, 'PX', math.ceil(new_tat - now))
return {1, math.floor((tolerance - (new_tat - now)) / interval)}
`;

/**
 * A fixed window counter in one Lua call: the first event of a subject starts its window
 * (the key expires with it), every event adds one, and the answer is the count so far
 * and the time left, both as Redis sees them, so every replica counts in the same window.
 */
const WINDOW_COUNT = `
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if n == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}
`;

export interface WindowCount {
  /** Events of the subject in its current window, this one included. */
  count: number;
  /** Milliseconds until the window ends. */
  remainingMs: number;
}

/** How long a call waits for a connection that is being (re)established before failing. */
const CONNECT_WAIT_MS = 1_000;

export class RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {
    if (!redis.gcraConsume) redis.defineCommand('gcraConsume', { numberOfKeys: 1, lua: GCRA });
    if (!redis.windowCount) redis.defineCommand('windowCount', { numberOfKeys: 1, lua: WINDOW_COUNT });
  }

  /**
   * Counts one event of `subject` in a fixed window of `windowMs` shared by every
   * replica (it starts at the subject's first event). For limits that count what
   * happened (failed authentications) rather than admit requests. Throws
   * RateLimiterUnavailableError when Redis does not answer.
   */
  async countInWindow(subject: string, windowMs: number): Promise<WindowCount> {
    try {
      await this.connected();
      const [count, remainingMs] = await this.redis.windowCount(`${this.keyPrefix}:window:${subject}`, windowMs);
      return { count, remainingMs };
    } catch (error) {
      throw new RateLimiterUnavailableError(`rate limiter unavailable: ${(error as Error).message}`);
    }
  }

  /**
   * Takes `cost` requests (one by default) from `subject`'s allowance, all or none.
   * A replica may take several at once and hand them out locally, so that most
   * requests need no Redis round trip. Throws RateLimiterUnavailableError
   * when Redis does not answer, so callers answer a clear 503 instead of hanging.
   */
  async consume(subject: string, limitPerMinute: number, cost = 1): Promise<RateLimitDecision> {
    const interval = 60_000 / limitPerMinute;
    let result: [number, number];
    try {
      await this.connected();
      result = await this.redis.gcraConsume(`${this.keyPrefix}:ratelimit:${subject}`, interval, 60_000, cost);
    } catch (error) {
      throw new RateLimiterUnavailableError(`rate limiter unavailable: ${(error as Error).message}`);
    }
    const [allowed, value] = result;
    return allowed === 1
      ? { allowed: true, limit: limitPerMinute, remaining: value, retryAfterSeconds: 0 }
      : { allowed: false, limit: limitPerMinute, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil(value / 1000)) };
  }

  /**
   * A client without an offline queue (so that calls fail fast while Redis is away)
   * refuses commands until it is connected: right after start or a reconnection, wait
   * briefly for it instead of failing a request that would have passed.
   */
  private async connected(): Promise<void> {
    if (this.redis.status === 'ready' || this.redis.options.enableOfflineQueue !== false) return;
    if (this.redis.status === 'end') return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.redis.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, CONNECT_WAIT_MS);
      this.redis.once('ready', done);
    });
  }
}

declare module 'ioredis' {
  interface RedisCommander<Context> {
    gcraConsume(key: string, intervalMs: number, toleranceMs: number, cost: number): Promise<[number, number]> & Context;
    windowCount(key: string, windowMs: number): Promise<[number, number]> & Context;
  }
}
