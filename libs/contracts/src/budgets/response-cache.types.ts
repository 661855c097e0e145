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
