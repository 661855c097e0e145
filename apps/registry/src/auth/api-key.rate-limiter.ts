import { Injectable } from '@nestjs/common';
import { RateLimiter, RateLimiterUnavailableError } from '@model-garden/platform';
import { RegistryConfig } from '../config/registry.config';
import { RegistryRedis } from '../infrastructure/redis.provider';
import { RegistryException } from '../shared/registry.exception';
import { type AuthContext } from './auth-context';

/** `x-ratelimit-limit-requests` and `x-ratelimit-remaining-requests`, as OpenAI names them. */
export type RateLimitHeaders = Record<string, string>;

/**
 * Requests per minute per workspace API key (REGISTRY_RATE_LIMIT_PER_MINUTE), GCRA in
 * Redis so every replica shares one allowance: one noisy client cannot starve the
 * others. Over the limit is a 429 with Retry-After; Redis away is a 503 (the limit
 * cannot be checked, and a registry that ignored it could be flooded).
 */
@Injectable()
export class ApiKeyRateLimiter {
  private readonly limiter: RateLimiter;
  private readonly limitPerMinute: number;

  constructor(config: RegistryConfig, redis: RegistryRedis) {
    this.limiter = new RateLimiter(redis.client, `${config.REDIS_PREFIX}:registry`);
    this.limitPerMinute = config.REGISTRY_RATE_LIMIT_PER_MINUTE;
  }

  /** Takes one request from the key's allowance; the headers to send, or undefined when limits are off. */
  async consume(auth: AuthContext): Promise<RateLimitHeaders | undefined> {
    if (this.limitPerMinute === 0) return undefined;
    let decision;
    try {
      decision = await this.limiter.consume(auth.apiKeyId, this.limitPerMinute);
    } catch (error) {
      if (error instanceof RateLimiterUnavailableError) throw RegistryException.unavailable('redis');
      throw error;
    }
    if (!decision.allowed) throw RegistryException.rateLimited(this.limitPerMinute, decision.retryAfterSeconds);
    return { 'x-ratelimit-limit-requests': String(decision.limit), 'x-ratelimit-remaining-requests': String(decision.remaining) };
  }
}
