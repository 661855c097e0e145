import { Inject, Injectable } from '@nestjs/common';
import { type ModelSummary } from '@model-garden/contracts';
import {
  type AppLogger,
  isForbiddenAddress,
  isHostnameAllowlisted,
  isIpAddress,
  LOGGER,
  type OutboundAllowlist,
  parseOutboundAllowlist,
  ServiceConnections,
} from '@model-garden/platform';
import { registryUnavailable } from '../auth/api-key-authenticator.service';
import { GatewayConfig } from '../config/gateway.config';
import { GatewayMetrics } from '../metrics/gateway.metrics';
import { callRegistry, isNotFound, isRegistryUnavailable, isUnanswerable } from '../resolution/registry-call.util';
import { ResolutionCache } from '../resolution/resolution-cache';
import { ServingModel } from './serving-model';

/** A model that is being validated changes state by itself: cache it only briefly. */
const TRANSITIONAL_TTL_MS = 1_000;
/** Failed or unavailable models change through events, but cache them less long than serving ones. */
const NOT_SERVING_TTL_MS = 10_000;

/**
 * Resolves a request's `model` (ref, key, id or public `provider/model`) within the
 * caller's workspace through the registry's ResolveModel, cached per workspace and
 * name. Model events drop entries (`invalidateModel`).
 */
@Injectable()
export class ModelResolver {
  private readonly cache: ResolutionCache<ServingModel>;
  private readonly countLookup: (outcome: string) => void;
  private readonly timeoutMs: number;
  private readonly ttlMs: number;
  private readonly dataImages: GatewayConfig['GATEWAY_DATA_IMAGES_ONLY'];
  private readonly allowlist: OutboundAllowlist;

  constructor(
    private readonly connections: ServiceConnections,
    config: GatewayConfig,
    metrics: GatewayMetrics,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {
    this.ttlMs = config.GATEWAY_MODEL_CACHE_TTL_SECONDS * 1000;
    this.countLookup = metrics.cacheLookupCounter('model');
    this.cache = new ResolutionCache<ServingModel>({
      maxEntries: config.GATEWAY_CACHE_MAX_ENTRIES,
      maxNegativeEntries: config.GATEWAY_NEGATIVE_CACHE_MAX_ENTRIES,
      ttlMs: this.ttlMs,
      negativeTtlMs: config.GATEWAY_NEGATIVE_CACHE_TTL_SECONDS * 1000,
      staleIfErrorMs: config.GATEWAY_CACHE_STALE_IF_ERROR_SECONDS * 1000,
    });
    this.timeoutMs = config.GATEWAY_REGISTRY_TIMEOUT_MS;
    this.dataImages = config.GATEWAY_DATA_IMAGES_ONLY;
    this.allowlist = parseOutboundAllowlist(config.OUTBOUND_ALLOWLIST);
  }

  /**
   * Whether a model's vision requests may carry only `data:` image URLs: every model
   * under "all"; under "private", a model whose upstream host is named in the outbound
   * allowlist or is a loopback or private address literal (a model server inside the
   * operator's network, which must not fetch URLs for a caller).
   */
  private dataImagesOnly(baseUrl: string): boolean {
    if (this.dataImages === 'off') return false;
    if (this.dataImages === 'all') return true;
    let host: string;
    try {
      host = new URL(baseUrl).hostname.replace(/^\[|\]$/g, '');
    } catch {
      return true;
    }
    return host === 'localhost' || isHostnameAllowlisted(this.allowlist, host) || (isIpAddress(host) && isForbiddenAddress(host));
  }

  /** The model from the cache without waiting (null: known not to exist), or undefined when `resolve` must ask the registry. */
  cached(workspaceId: string, model: string): ServingModel | null | undefined {
    return this.cache.fresh(cacheKey(workspaceId, model), this.countLookup);
  }

  /** The model, or null when the workspace has none by that name; 503 when the registry cannot answer. */
  async resolve(workspaceId: string, model: string): Promise<ServingModel | null> {
    try {
      return await this.cache.get(cacheKey(workspaceId, model), () => this.load(workspaceId, model), isRegistryUnavailable, this.countLookup);
    } catch (error) {
      this.logger.error({ err: error }, 'the registry could not resolve a model');
      throw registryUnavailable();
    }
  }

  /** The models a workspace can use, straight from the registry (not cached: listing is not on the hot path). */
  async list(workspaceId: string): Promise<ModelSummary[]> {
    const registry = this.connections.registry;
    try {
      const answer = await callRegistry(registry.service.listModels({ workspaceId }, registry.metadata()), this.timeoutMs);
      return answer.models ?? [];
    } catch (error) {
      this.logger.error({ err: error }, 'the registry could not list models');
      throw registryUnavailable();
    }
  }

  /** Drops a changed model (every name it was resolved by) and the workspace's cached unknown names. */
  invalidateModel(modelId: string, workspaceId?: string): number {
    const prefix = workspaceId === undefined ? undefined : cacheKey(workspaceId, '');
    return this.cache.invalidate((key, value) => (value !== null ? value.id === modelId : prefix !== undefined && key.startsWith(prefix)));
  }

  /** Drops the unknown names cached for a workspace (a model was added). */
  invalidateUnknown(workspaceId: string): number {
    const prefix = cacheKey(workspaceId, '');
    return this.cache.invalidate((key, value) => value === null && key.startsWith(prefix));
  }

  clear(): void {
    this.cache.clear();
  }


  private async load(workspaceId: string, model: string): Promise<{ value: ServingModel | null; ttlMs?: number }> {
    const registry = this.connections.registry;
    try {
      const answer = await callRegistry(registry.service.resolveModel({ workspaceId, model }, registry.metadata()), this.timeoutMs);
      const serving = new ServingModel(answer, { dataImagesOnly: this.dataImagesOnly(answer.baseUrl) });
      return { value: serving, ttlMs: ttlFor(serving.status, this.ttlMs) };
    } catch (error) {
      if (isNotFound(error) || isUnanswerable(error)) return { value: null };
      throw error;
    }
  }
}

function cacheKey(workspaceId: string, model: string): string {
  return `${workspaceId}\u0000${model}`;
}

function ttlFor(status: string, ttlMs: number): number {
  if (status === 'active' || status === 'degraded') return ttlMs;
  if (status === 'validating') return Math.min(ttlMs, TRANSITIONAL_TTL_MS);
  return Math.min(ttlMs, NOT_SERVING_TTL_MS);
}
