/**
 * The gateway's exact-match response cache: `cache: {type: "exact_match", ttl}` in the
 * body of chat completions, completions and embeddings (never images), removed before
 * forwarding. orq.ai's option, with the same name and shape.
 */
export const RESPONSE_CACHE = {
  type: 'exact_match',
  /** Seconds. */
  defaultTtlSeconds: 1_800,
  maxTtlSeconds: 259_200,
  /** Response header: `hit` or `miss` (absent when the request asked for no cache). */
  header: 'x-model-garden-cache',
} as const;

export type CacheOutcomeHeader = 'hit' | 'miss';

/** `GET /v1/cache/summary`: the cache's hits among the workspace's gateway requests, and what they saved. */
export interface ResponseCacheSummary {
  from: string;
  to: string;
  requests: number;
  hits: number;
  /** hits / requests (0 without requests). */
  hitRatio: number;
  /** USD the hits would have cost upstream. */
  savedUsd: number;
}

/** A cache setting as stored (a deployment's `cache`): the type and the TTL in seconds, the default filled in. */
export interface ResponseCacheSetting {
  type: typeof RESPONSE_CACHE.type;
  ttl: number;
}

/**
 * The one rule of `cache: {type: "exact_match", ttl}`, for the gateway's request option
 * and a deployment's setting: the setting with the default TTL filled in, or the field
 * at fault (`<path>.type`, `<path>.ttl`) and how to fix it.
 */
export function checkCacheSetting(value: unknown, path = 'cache'): { setting: ResponseCacheSetting } | { field: string; message: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || (value as Record<string, unknown>)['type'] !== RESPONSE_CACHE.type) {
    return { field: `${path}.type`, message: `${path}.type must be "${RESPONSE_CACHE.type}": write ${path} as an object like {"type": "${RESPONSE_CACHE.type}", "ttl": ${RESPONSE_CACHE.defaultTtlSeconds}}.` };
  }
  const raw = value as Record<string, unknown>;
  const unknownField = Object.keys(raw).find((key) => key !== 'type' && key !== 'ttl');
  if (unknownField !== undefined) return { field: `${path}.${unknownField}`, message: `${path}.${unknownField} is not a known field; remove it (a cache setting has type and ttl).` };
  const ttl = raw['ttl'] ?? RESPONSE_CACHE.defaultTtlSeconds;
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1 || ttl > RESPONSE_CACHE.maxTtlSeconds) {
    return { field: `${path}.ttl`, message: `${path}.ttl must be a whole number of seconds from 1 to ${RESPONSE_CACHE.maxTtlSeconds}.` };
  }
  return { setting: { type: RESPONSE_CACHE.type, ttl } };
}

/**
 * The Redis key of a deployment's cache generation (an integer, absent = 0), written by
 * the registry's `POST /v1/deployments/{key}/cache/invalidate` (INCR) and read by every
 * gateway in the same round trip as the entry, whose key ends with it: a bump makes
 * every earlier entry of the deployment unreachable at once, with no scan of keys.
 */
export function deploymentCacheGenerationKey(redisPrefix: string, deploymentId: string): string {
  return `${redisPrefix}:gateway:cache-generation:deployment:${deploymentId}`;
}

/** `POST /v1/deployments/{key}/cache/invalidate`: the deployment's new cache generation. */
export interface DeploymentCacheInvalidation {
  key: string;
  /** Entries stored under an earlier generation are never answered again. */
  generation: number;
  invalidatedAt: string;
}
