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
 */
const GCRA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local new_tat = tat + interval
local allow_at = new_tat - tolerance
if allow_at > now then
  return {0, allow_at - now}
end
redis.call('SET', KEYS[1], new_tat, 'PX', math.ceil(new_tat - now))
return {1, math.floor((tolerance - (new_tat - now)) / interval)}
`;

export class RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {
    if (!redis.gcraConsume) redis.defineCommand('gcraConsume', { numberOfKeys: 1, lua: GCRA });
  }

  /**
   * Takes one request from `subject`'s allowance. Throws RateLimiterUnavailableError
   * when Redis does not answer, so callers answer a clear 503 instead of hanging.
   */
  async consume(subject: string, limitPerMinute: number): Promise<RateLimitDecision> {
    const interval = 60_000 / limitPerMinute;
    let result: [number, number];
    try {
      result = await this.redis.gcraConsume(`${this.keyPrefix}:ratelimit:${subject}`, interval, 60_000);
    } catch (error) {
      throw new RateLimiterUnavailableError(`rate limiter unavailable: ${(error as Error).message}`);
    }
    const [allowed, value] = result;
    return allowed === 1
      ? { allowed: true, limit: limitPerMinute, remaining: value, retryAfterSeconds: 0 }
      : { allowed: false, limit: limitPerMinute, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil(value / 1000)) };
  }
}

declare module 'ioredis' {
  interface RedisCommander<Context> {
    gcraConsume(key: string, intervalMs: number, toleranceMs: number): Promise<[number, number]> & Context;
  }
}
