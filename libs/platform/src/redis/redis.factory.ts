import Redis, { type RedisOptions } from 'ioredis';

/**
 * An ioredis connection for BullMQ and rate limits. `maxRetriesPerRequest: null`
 * is what BullMQ workers require; commands queue while Redis is away.
 */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false, ...options });
}
