import { Inject, Injectable } from '@nestjs/common';
import { type AppLogger, LOGGER, ServiceConnections } from '@model-garden/platform';
import type Redis from 'ioredis';
import { GatewayConfig } from '../config/gateway.config';
import { type InferenceEndpoint } from '../inference/endpoints.constant';
import { GatewayMetrics } from '../metrics/gateway.metrics';
import { cacheKey, type CacheOption } from './cache-request.util';
import { CachedCall, type CacheEntry } from './cached-call';

/**
 * The exact-match response cache in Redis, shared by every gateway process: entries
 * keyed by workspace, resolved model (ref and revision) and canonical body, each with
 * its request's TTL; entries above GATEWAY_RESPONSE_CACHE_MAX_ENTRY_BYTES are not
 * stored. Redis trouble never fails a request: a lookup that fails is a miss, a store
 * that fails is skipped (and counted).
 */
@Injectable()
export class ResponseCache {
  private readonly redis: Redis;
  private readonly prefix: string;
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
    this.maxBytes = config.GATEWAY_RESPONSE_CACHE_MAX_ENTRY_BYTES;
    this.log = logger.child({ component: 'response-cache' });
  }

  /** Looks the request up; the CachedCall says whether it hit (`hit`), and collects the answer of a miss. */
  async lookup(option: CacheOption, workspaceId: string, modelRef: string, modelRevision: number, endpoint: InferenceEndpoint, body: Record<string, unknown>): Promise<CachedCall> {
    const call = new CachedCall(cacheKey(this.prefix, workspaceId, modelRef, modelRevision, endpoint, body), option.ttlSeconds, this.maxBytes);
    let stored: string | null = null;
    try {
      stored = await this.redis.get(call.key);
    } catch (error) {
      this.metrics.responseCache.inc({ outcome: 'error' });
      this.log.warn({ err: error }, 'the response cache could not be read; answering from the upstream');
    }
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
