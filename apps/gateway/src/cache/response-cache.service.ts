import { Inject, Injectable } from '@nestjs/common';
import { deploymentCacheGenerationKey } from '@model-garden/contracts';
import { type AppLogger, LOGGER, ServiceConnections } from '@model-garden/platform';
import type Redis from 'ioredis';
import { GatewayConfig } from '../config/gateway.config';
import { type InferenceEndpoint } from '../inference/endpoints.constant';
import { GatewayMetrics } from '../metrics/gateway.metrics';
import { cacheKey, type CacheOption } from './cache-request.util';
import { CachedCall, type CacheEntry } from './cached-call';

/**
 * KEYS[1]: a deployment's cache generation (absent: 0); ARGV[1]: the entry's key without
 * it. Returns the generation and the entry stored under it (nil when none).
 */
const LOOKUP_IN_GENERATION = `
local generation = redis.call('GET', KEYS[1]) or '0'
return {generation, redis.call('GET', ARGV[1] .. ':g' .. generation)}
`;

/**
 * The exact-match response cache in Redis, shared by every gateway process: entries
 * keyed by workspace, resolved model (ref and revision) and canonical body, each with
 * its request's TTL; entries above GATEWAY_RESPONSE_CACHE_MAX_ENTRY_BYTES are not
 * stored. Redis trouble never fails a request: a lookup that fails is a miss, a store
 * that fails is skipped (and counted). A deployment's entries end with its cache
 * generation, read with the entry: `POST /v1/deployments/{key}/cache/invalidate`
 * increments it, so every earlier entry is a miss at once at every gateway.
 */
@Injectable()
export class ResponseCache {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly redisPrefix: string;
  private readonly maxBytes: number;
  private readonly log: AppLogger;

  constructor(
    connections: ServiceConnections,
    config: GatewayConfig,
    private readonly metrics: GatewayMetrics,
    @Inject(LOGGER) logger: AppLogger,
  ) {
    this.redis = connections.redis;
    this.prefix = `${config.REDIS_PREFIX}:gateway`;
    this.redisPrefix = config.REDIS_PREFIX;
    this.maxBytes = config.GATEWAY_RESPONSE_CACHE_MAX_ENTRY_BYTES;
    this.log = logger.child({ component: 'response-cache' });
  }

  /** Looks the request up; the CachedCall says whether it hit (`hit`), and collects the answer of a miss. */
  async lookup(option: CacheOption, workspaceId: string, modelRef: string, modelRevision: number, endpoint: InferenceEndpoint, body: Record<string, unknown>): Promise<CachedCall> {
    let key = cacheKey(this.prefix, workspaceId, modelRef, modelRevision, endpoint, body, option.deployment);
    let stored: string | null = null;
    try {
      if (option.deployment === undefined) {
        stored = await this.redis.get(key);
      } else {
        // The deployment's generation and the entry under it, in one round trip.
        const [generation, entry] = (await this.redis.eval(LOOKUP_IN_GENERATION, 1, deploymentCacheGenerationKey(this.redisPrefix, option.deployment.id), key)) as [string, string | null];
        key = `${key}:g${generation}`;
        stored = entry;
      }
    } catch (error) {
      this.metrics.responseCache.inc({ outcome: 'error' });
      this.log.warn({ err: error }, 'the response cache could not be read; answering from the upstream');
      // Without the generation a deployment's answer could be stored where an invalidated one was: not stored.
      if (option.deployment !== undefined) key = '';
    }
    const call = new CachedCall(key, option.ttlSeconds, this.maxBytes);
    if (stored !== null) {
      try {
        call.hit = JSON.parse(stored) as CacheEntry;
        this.metrics.responseCache.inc({ outcome: 'hit' });
        this.metrics.responseCacheBytes.inc({ direction: 'hit' }, stored.length);
        return call;
      } catch {
        // An unreadable entry is a miss; the answer replaces it.
      }
    }
    this.metrics.responseCache.inc({ outcome: 'miss' });
    return call;
  }

  /** Stores a miss's answer once served (fire and forget). */
  store(call: CachedCall, endpoint: InferenceEndpoint, consumed: { inputTokens: number; outputTokens: number; costUsd: number }): void {
    const answer = call.finalAnswer(endpoint);
    if (answer === undefined) {
      this.metrics.responseCache.inc({ outcome: 'too_large' });
      return;
    }
    // A stream the client read without usage still leaves an entry a JSON hit can answer with usage.
    if (answer['usage'] === undefined && answer['object'] !== 'list') {
      answer['usage'] = { prompt_tokens: consumed.inputTokens, completion_tokens: consumed.outputTokens, total_tokens: consumed.inputTokens + consumed.outputTokens };
    }
    const entry: CacheEntry = { answer, ...consumed };
    const text = JSON.stringify(entry);
    if (Buffer.byteLength(text) > this.maxBytes) {
      this.metrics.responseCache.inc({ outcome: 'too_large' });
      return;
    }
    if (call.key === '') return;
    this.redis.set(call.key, text, 'EX', call.ttlSeconds).then(
      () => {
        this.metrics.responseCache.inc({ outcome: 'stored' });
        this.metrics.responseCacheBytes.inc({ direction: 'stored' }, text.length);
      },
      (error: unknown) => {
        this.metrics.responseCache.inc({ outcome: 'error' });
        this.log.warn({ err: error }, 'an answer could not be stored in the response cache');
      },
    );
  }
}
