import { Injectable } from '@nestjs/common';
import { ServiceConnections } from '@model-garden/platform';
import { ExperimentWorkerConfig } from '../config/experiment-worker.config';

/**
 * Takes a slot (or renews the holder's): drops expired leases, then adds the holder
 * if fewer than `limit` hold one. Redis's own clock, so replicas agree.
 * KEYS[1] the slot set; ARGV: holder, limit, lease ms.
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZSCORE', KEYS[1], ARGV[1]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
  redis.call('PEXPIRE', KEYS[1], lease * 2)
  return 1
end
return 0`;

/** A held slot: renewed while the cell runs, released when it ends. */
export interface SlotLease {
  release(): Promise<void>;
}

/**
 * The per-model concurrency limit of a run, shared by every worker replica: a Redis
 * sorted set of leases per (run, model). A lease outlives a crashed worker by at most
 * its length (twice the job lock), so a killed worker's slots come back on their own.
 * BullMQ's open-source edition has no per-group concurrency (groups are BullMQ Pro),
 * and a queue per model would need a Worker (a blocking Redis connection) per model
 * on every replica; one queue with leased slots keeps one Worker and bounded waiting.
 */
@Injectable()
export class ModelSlots {
  private readonly leaseMs: number;

  constructor(
    private readonly connections: ServiceConnections,
    private readonly config: ExperimentWorkerConfig,
  ) {
    this.leaseMs = config.EXPERIMENT_LOCK_DURATION_MS * 2;
  }

  key(runId: string, model: string): string {
    return `${this.config.REDIS_PREFIX}:experiments:slots:${runId}:${model}`;
  }

  /** A lease on one of `limit` slots of (run, model) for `holder`, or undefined when all are taken. */
  async acquire(runId: string, model: string, limit: number, holder: string): Promise<SlotLease | undefined> {
    const key = this.key(runId, model);
    const redis = this.connections.redis;
    const took = (await redis.eval(ACQUIRE, 1, key, holder, String(limit), String(this.leaseMs))) as number;
    if (took !== 1) return undefined;
    const renew = setInterval(() => {
      void redis.eval(ACQUIRE, 1, key, holder, String(limit), String(this.leaseMs)).catch(() => undefined);
    }, Math.max(250, Math.floor(this.leaseMs / 3)));
    renew.unref();
    return {
      release: async () => {
        clearInterval(renew);
        await redis.zrem(key, holder).catch(() => undefined);
      },
    };
  }

  /** Holders of (run, model) now, expired leases excluded (tests and metrics). */
  async holders(runId: string, model: string): Promise<number> {
    const redis = this.connections.redis;
    const [seconds, micros] = await redis.time();
    return redis.zcount(this.key(runId, model), Number(seconds) * 1000 + Math.floor(Number(micros) / 1000), '+inf');
  }
}
