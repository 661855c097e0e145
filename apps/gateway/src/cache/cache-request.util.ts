import { createHash } from 'node:crypto';
import { RESPONSE_CACHE } from '@model-garden/contracts';
import { GatewayError } from '../shared/gateway.exception';
import { type InferenceEndpoint as Endpoint } from '../inference/endpoints.constant';
import { isRecord } from '../inference/request-options.util';

/** The endpoints whose answers may be cached (never images: each call is meant to differ). */
const CACHEABLE: ReadonlySet<Endpoint> = new Set<Endpoint>(['chat.completions', 'completions', 'embeddings']);

/** Fields left out of the key: how the answer is delivered, not what it says. */
const UNKEYED = new Set(['stream', 'stream_options', 'model']);

export interface CacheOption {
  ttlSeconds: number;
}

/**
 * Reads and removes `cache: {type: "exact_match", ttl}` from the body (orq.ai's option);
 * undefined when the request asks for none. A bad value is a 400 naming the field.
 */
export function takeCacheOption(endpoint: Endpoint, body: Record<string, unknown>): CacheOption | undefined {
  const cache = body['cache'];
  if (cache === undefined) return undefined;
  delete body['cache'];
  if (cache === null) return undefined;
  if (!isRecord(cache) || cache['type'] !== RESPONSE_CACHE.type) {
    throw GatewayError.invalidRequest(`cache must be an object like {"type": "${RESPONSE_CACHE.type}", "ttl": 1800}.`, 'cache.type');
  }
  if (!CACHEABLE.has(endpoint)) throw GatewayError.invalidRequest('cache is not available for image generation: each call is meant to give a new image.', 'cache');
  const ttl = cache['ttl'] ?? RESPONSE_CACHE.defaultTtlSeconds;
  if (!Number.isInteger(ttl) || (ttl as number) < 1 || (ttl as number) > RESPONSE_CACHE.maxTtlSeconds) {
    throw GatewayError.invalidRequest(`cache.ttl must be a whole number of seconds from 1 to ${RESPONSE_CACHE.maxTtlSeconds}.`, 'cache.ttl');
  }
  return { ttlSeconds: ttl as number };
}

/** JSON with every object's keys sorted, so the same request always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * The cache key of a request: its workspace, the model it resolved to (ref and revision:
 * an update of the model makes a new key), the endpoint and the canonical body (without
 * `stream`, `stream_options`, `model` and the gateway's own options, already removed),
 * hashed. The workspace is in the key's clear part too: entries are never shared.
 */
export function cacheKey(prefix: string, workspaceId: string, modelRef: string, modelRevision: number, endpoint: Endpoint, body: Record<string, unknown>): string {
  const keyed: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(body)) if (!UNKEYED.has(field)) keyed[field] = value;
  const digest = createHash('sha256').update(`${modelRef}\u0000${modelRevision}\u0000${endpoint}\u0000${canonicalJson(keyed)}`).digest('base64url');
  return `${prefix}:cache:${workspaceId}:${digest}`;
}
