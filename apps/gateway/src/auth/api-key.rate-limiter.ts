import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createRedis, RateLimiter, RateLimiterUnavailableError } from '@model-garden/platform';
import type Redis from 'ioredis';
import { GatewayConfig } from '../config/gateway.config';
import { GATEWAY_ERROR_CODES, GatewayError } from '../shared/gateway.exception';

/** The share of the per-minute limit a replica takes from Redis at once. */
const LEASE_SHARE = 20;
/** Keys tracked at most; expired entries are dropped beyond it. */
const MAX_TRACKED_KEYS = 100_000;

interface Allowance {
  /** Requests this replica may still admit locally. */
  tokens: number;
  /** The local tokens lapse then (the time they stand for in the shared allowance). */
  expiresAt: number;
  /** Refused until then (Retry-After), without asking Redis again. */
  deniedUntil: number;
  refill: Promise<void> | undefined;
}

/**
 * Requests per minute per workspace API key (GATEWAY_RATE_LIMIT_PER_MINUTE), shared
 * by every replica through the platform's GCRA limiter in Redis. To keep the hot path
 * free of network I/O, a replica takes a lease of a twentieth of the limit at once and
 * admits requests from it locally; a lease lapses after the time it stands for, so a
 * replica can never save allowance for later. Past the limit: 429 with Retry-After
 * (remembered locally until then). Redis away and no lease left: 503.
 */
@Injectable()
export class ApiKeyRateLimiter implements OnApplicationShutdown {
  private readonly limitPerMinute: number;
  private readonly lease: number;
  private readonly intervalMs: number;
  private readonly redis: Redis | undefined;
  private readonly limiter: RateLimiter | undefined;
  private readonly allowances = new Map<string, Allowance>();

  constructor(config: GatewayConfig) {
    this.limitPerMinute = config.GATEWAY_RATE_LIMIT_PER_MINUTE;
    this.lease = Math.max(1, Math.floor(this.limitPerMinute / LEASE_SHARE));
    this.intervalMs = this.limitPerMinute > 0 ? 60_000 / this.limitPerMinute : 0;
    if (this.limitPerMinute > 0) {
      // Commands fail at once while Redis is away (no offline queue): a clear 503, never a hang.
      this.redis = createRedis(config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000, connectionName: 'gateway-rate-limit' });
      this.redis.on('error', () => undefined);
      this.limiter = new RateLimiter(this.redis, `${config.REDIS_PREFIX}:gateway`);
    }
  }

  /** Admits one request of the key, or throws a GatewayError (429, 503). */
  async admit(apiKeyId: string): Promise<void> {
    if (this.limiter === undefined) return;
    for (;;) {
      const allowance = this.allowanceOf(apiKeyId);
      const now = Date.now();
      if (allowance.deniedUntil > now) throw this.tooMany(Math.ceil((allowance.deniedUntil - now) / 1000));
      if (allowance.tokens > 0 && allowance.expiresAt > now) {
        allowance.tokens -= 1;
        return;
      }
      allowance.refill ??= this.refill(apiKeyId, allowance).finally(() => {
        allowance.refill = undefined;
      });
      await allowance.refill;
    }
  }

  private async refill(apiKeyId: string, allowance: Allowance): Promise<void> {
    const limiter = this.limiter!;
    try {
      let granted = this.lease;
      let decision = await limiter.consume(apiKeyId, this.limitPerMinute, granted);
      // Near the end of the allowance a whole lease may not fit where one request still does.
      if (!decision.allowed && granted > 1) {
        granted = 1;
        decision = await limiter.consume(apiKeyId, this.limitPerMinute, 1);
      }
      const now = Date.now();
      if (decision.allowed) {
        allowance.tokens = granted;
        allowance.expiresAt = now + Math.max(1_000, granted * this.intervalMs);
      } else {
        allowance.tokens = 0;
        allowance.deniedUntil = now + decision.retryAfterSeconds * 1000;
      }
    } catch (error) {
      if (error instanceof RateLimiterUnavailableError) {
        throw new GatewayError(503, 'The gateway cannot check its rate limits right now. Try again shortly.', 'api_error', GATEWAY_ERROR_CODES.serviceUnavailable, null, {
          'retry-after': '5',
        });
      }
      throw error;
    }
  }

  private allowanceOf(apiKeyId: string): Allowance {
    let allowance = this.allowances.get(apiKeyId);
    if (allowance === undefined) {
      if (this.allowances.size >= MAX_TRACKED_KEYS) this.dropLapsed();
      allowance = { tokens: 0, expiresAt: 0, deniedUntil: 0, refill: undefined };
      this.allowances.set(apiKeyId, allowance);
    }
    return allowance;
  }

  private dropLapsed(): void {
    const now = Date.now();
    for (const [key, allowance] of this.allowances) {
      if (allowance.refill === undefined && allowance.expiresAt <= now && allowance.deniedUntil <= now) this.allowances.delete(key);
    }
  }

  private tooMany(retryAfterSeconds: number): GatewayError {
    const seconds = Math.max(1, retryAfterSeconds);
    return new GatewayError(
      429,
      `Rate limit reached: this API key may make ${this.limitPerMinute} requests per minute. Retry after ${seconds} s.`,
      'rate_limit_error',
      GATEWAY_ERROR_CODES.rateLimited,
      null,
      { 'retry-after': String(seconds), 'retry-after-ms': String(seconds * 1000) },
    );
  }

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }
}
