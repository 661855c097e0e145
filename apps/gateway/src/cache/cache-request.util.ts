import { createHash } from 'node:crypto';
import { checkCacheSetting } from '@model-garden/contracts';
import { GatewayError } from '../shared/gateway.exception';
import { type InferenceEndpoint as Endpoint } from '../inference/endpoints.constant';
import { isRecord } from '../inference/request-options.util';

/** The endpoints whose answers may be cached (never images: each call is meant to differ). */
const CACHEABLE: ReadonlySet<Endpoint> = new Set<Endpoint>(['chat.completions', 'completions', 'embeddings']);

/** Fields left out of the key: how the answer is delivered, not what it says. */
const UNKEYED = new Set(['stream', 'stream_options', 'model']);

export interface CacheOption {
  ttlSeconds: number;
  /** A deployment call's: its version is in the key, and its cache generation (bumped by "invalidate") ends the key. */
  deployment?: { id: string; version: number };
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
  const checked = checkCacheSetting(cache);
  if ('field' in checked && checked.field === 'cache.type') throw GatewayError.invalidRequest(checked.message, checked.field);
  if (!CACHEABLE.has(endpoint)) throw GatewayError.invalidRequest('cache is not available for image generation: each call is meant to give a new image.', 'cache');
  if ('field' in checked) throw GatewayError.invalidRequest(checked.message, checked.field);
  return { ttlSeconds: checked.setting.ttl };
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
 * hashed. The workspace is in the key's clear part too: entries are never shared. A
 * deployment call's key holds the deployment's id and version too (its body is the
 * rendered request); ResponseCache appends the deployment's cache generation.
 */
export function cacheKey(prefix: string, workspaceId: string, modelRef: string, modelRevision: number, endpoint: Endpoint, body: Record<string, unknown>, deployment?: CacheOption['deployment']): string {
  const keyed: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(body)) if (!UNKEYED.has(field)) keyed[field] = value;
  // A deployment call's key also holds the deployment and its version: a new version is a new key.
  const scope = deployment === undefined ? '' : `deployment\u0000${deployment.id}\u0000${deployment.version}\u0000`;
  const digest = createHash('sha256').update(`${scope}${modelRef}\u0000${modelRevision}\u0000${endpoint}\u0000${canonicalJson(keyed)}`).digest('base64url');
  return `${prefix}:cache:${workspaceId}:${digest}`;
}
