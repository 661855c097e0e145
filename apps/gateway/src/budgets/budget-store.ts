import type Redis from 'ioredis';

/** Nano-dollars: Redis counts integers; a request's cost is a fraction of a cent. */
export const NANOS_PER_USD = 1_000_000_000;

/** One budget as a reservation checks it: its counter keys and limits (-1: no such limit). */
export interface BudgetCounter {
  /** `<prefix>:budget:<id>:<resetCount>:<periodStart>`: a hash {amount (nano-USD), tokens, gen}. */
  periodKey: string;
  /** `<prefix>:budget:<id>:<resetCount>:rpm:<minuteStart>`. */
  minuteKey: string;
  amountLimitNanos: number;
  tokenLimit: number;
  requestsPerMinute: number;
  /** Seconds the period key lives after its last write (beyond the period's end). */
  ttlSeconds: number;
}

export interface Estimate {
  amountNanos: number;
  tokens: number;
}

/** Which limit refused: a USD amount, tokens, requests in the minute. */
export type RefusedLimit = 'amount' | 'tokens' | 'requests_per_minute';

export type ReserveOutcome =
  | { kind: 'reserved'; generations: string[] }
  | { kind: 'refused'; refused: Array<{ index: number; limit: RefusedLimit }> }
  | { kind: 'missing'; indexes: number[] };

/**
 * Checks every budget of a request and reserves the estimate in all of them, in one
 * round trip and atomically (one Lua script: no two gateway processes can both see the
 * last bit of a budget as free). A budget whose period counter is missing (a new period,
 * or Redis lost it) is reported, nothing is reserved, and the caller rebuilds it from the
 * registry's ledger before trying again. A budget is used up when its counter (what was
 * served plus what is in flight) has reached the limit: every refused budget is listed.
 */
const RESERVE = `
local n = tonumber(ARGV[1])
local missing = {}
for i = 1, n do
  local base = 2 + (i - 1) * 6
  if (tonumber(ARGV[base]) >= 0 or tonumber(ARGV[base + 1]) >= 0) and redis.call('EXISTS', KEYS[2 * i - 1]) == 0 then
    missing[#missing + 1] = i
  end
end
if #missing > 0 then return {'missing', unpack(missing)} end
local refused = {}
for i = 1, n do
  local base = 2 + (i - 1) * 6
  local key = KEYS[2 * i - 1]
  local amountLimit = tonumber(ARGV[base])
  local tokenLimit = tonumber(ARGV[base + 1])
  local rpm = tonumber(ARGV[base + 2])
  if amountLimit >= 0 and tonumber(redis.call('HGET', key, 'amount') or '0') >= amountLimit then
    refused[#refused + 1] = i .. ':amount'
  elseif tokenLimit >= 0 and tonumber(redis.call('HGET', key, 'tokens') or '0') >= tokenLimit then
    refused[#refused + 1] = i .. ':tokens'
  elseif rpm >= 0 and tonumber(redis.call('GET', KEYS[2 * i]) or '0') >= rpm then
    refused[#refused + 1] = i .. ':requests_per_minute'
  end
end
if #refused > 0 then return {'refused', unpack(refused)} end
local generations = {}
for i = 1, n do
  local base = 2 + (i - 1) * 6
  local key = KEYS[2 * i - 1]
  if tonumber(ARGV[base]) >= 0 or tonumber(ARGV[base + 1]) >= 0 then
    redis.call('HINCRBY', key, 'amount', ARGV[base + 3])
    redis.call('HINCRBY', key, 'tokens', ARGV[base + 4])
    redis.call('EXPIRE', key, ARGV[base + 5])
    generations[#generations + 1] = redis.call('HGET', key, 'gen') or ''
  else
    generations[#generations + 1] = ''
  end
  if tonumber(ARGV[base + 2]) >= 0 then
    redis.call('INCR', KEYS[2 * i])
    redis.call('EXPIRE', KEYS[2 * i], 61)
  end
end
return {'reserved', unpack(generations)}
`;

/**
 * Replaces a reservation by what the call actually cost. A counter rebuilt from the
 * ledger since the reservation (another generation) never held the estimate: it gets
 * the whole actual amount. A missing counter is left alone: the next rebuild reads the
 * ledger, which this call's usage event reaches.
 */
const SETTLE = `
local n = tonumber(ARGV[1])
for i = 1, n do
  local base = 2 + (i - 1) * 5
  local key = KEYS[i]
  local gen = redis.call('HGET', key, 'gen')
  if gen then
    if gen == ARGV[base] then
      redis.call('HINCRBY', key, 'amount', tonumber(ARGV[base + 1]) - tonumber(ARGV[base + 3]))
      redis.call('HINCRBY', key, 'tokens', tonumber(ARGV[base + 2]) - tonumber(ARGV[base + 4]))
    else
      redis.call('HINCRBY', key, 'amount', ARGV[base + 1])
      redis.call('HINCRBY', key, 'tokens', ARGV[base + 2])
    end
  end
end
return n
`;

/** Creates a period counter from the ledger's totals unless another process did first. */
const REBUILD = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'amount', ARGV[1], 'tokens', ARGV[2], 'gen', ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 1
`;

/** The Redis side of budgets: counters shared by every gateway process. */
export class BudgetStore {
  constructor(private readonly redis: Redis) {}

  async reserve(counters: readonly BudgetCounter[], estimate: Estimate): Promise<ReserveOutcome> {
    const keys: string[] = [];
    const args: Array<string | number> = [counters.length];
    for (const counter of counters) {
      keys.push(counter.periodKey, counter.minuteKey);
      args.push(counter.amountLimitNanos, counter.tokenLimit, counter.requestsPerMinute, estimate.amountNanos, estimate.tokens, counter.ttlSeconds);
    }
    const answer = (await this.redis.eval(RESERVE, keys.length, ...keys, ...args)) as Array<string | number>;
    const [kind, ...rest] = answer;
    if (kind === 'missing') return { kind, indexes: rest.map((i) => Number(i) - 1) };
    if (kind === 'refused') {
      return {
        kind,
        refused: rest.map((entry) => {
          const [index, limit] = String(entry).split(':');
          return { index: Number(index) - 1, limit: limit as RefusedLimit };
        }),
      };
    }
    return { kind: 'reserved', generations: rest.map(String) };
  }

  async settle(periodKeys: readonly string[], generations: readonly string[], actual: Estimate, reserved: Estimate): Promise<void> {
    const args: Array<string | number> = [periodKeys.length];
    for (const generation of generations) args.push(generation, actual.amountNanos, actual.tokens, reserved.amountNanos, reserved.tokens);
    await this.redis.eval(SETTLE, periodKeys.length, ...periodKeys, ...args);
  }

  /** True when this call created the counter (false: another process rebuilt it first). */
  async rebuild(periodKey: string, totals: Estimate, generation: string, ttlSeconds: number): Promise<boolean> {
    return (await this.redis.eval(REBUILD, 1, periodKey, totals.amountNanos, totals.tokens, generation, ttlSeconds)) === 1;
  }

  /** A period counter as it stands (tests, diagnostics). */
  async read(periodKey: string): Promise<{ amountNanos: number; tokens: number } | undefined> {
    const hash = await this.redis.hgetall(periodKey);
    if (hash['gen'] === undefined) return undefined;
    return { amountNanos: Number(hash['amount'] ?? 0), tokens: Number(hash['tokens'] ?? 0) };
  }
}
