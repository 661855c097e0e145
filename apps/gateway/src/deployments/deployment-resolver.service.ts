import { Inject, Injectable } from '@nestjs/common';
import { type ListDeploymentsResponse } from '@model-garden/contracts';
import { type AppLogger, LOGGER, ServiceConnections } from '@model-garden/platform';
import { registryUnavailable } from '../auth/api-key-authenticator.service';
import { GatewayConfig } from '../config/gateway.config';
import { GatewayMetrics } from '../metrics/gateway.metrics';
import { callRegistry, grpcStatusOf, isNotFound, isRegistryUnavailable, isUnanswerable } from '../resolution/registry-call.util';
import { ResolutionCache } from '../resolution/resolution-cache';
import { GatewayError } from '../shared/gateway.exception';
import { ServingDeployment } from './serving-deployment';

const INVALID_ARGUMENT = 3;

/**
 * Resolves a deployment key within the caller's workspace through the registry's
 * ResolveDeployment, cached per workspace and key like models: DeploymentPublished and
 * DeploymentDeleted drop the entry (`invalidate`), so a publish or a restore takes
 * effect at every gateway within a second, with no registry call per request.
 */
@Injectable()
export class DeploymentResolver {
  private readonly cache: ResolutionCache<ServingDeployment>;
  private readonly countLookup: (outcome: string) => void;
  private readonly timeoutMs: number;

  constructor(
    private readonly connections: ServiceConnections,
    config: GatewayConfig,
    metrics: GatewayMetrics,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {
    this.countLookup = metrics.cacheLookupCounter('deployment');
    this.cache = new ResolutionCache<ServingDeployment>({
      maxEntries: config.GATEWAY_CACHE_MAX_ENTRIES,
      ttlMs: config.GATEWAY_MODEL_CACHE_TTL_SECONDS * 1000,
      negativeTtlMs: config.GATEWAY_NEGATIVE_CACHE_TTL_SECONDS * 1000,
      staleIfErrorMs: config.GATEWAY_CACHE_STALE_IF_ERROR_SECONDS * 1000,
    });
    this.timeoutMs = config.GATEWAY_REGISTRY_TIMEOUT_MS;
  }

  /** The deployment's current version, or null when the workspace has none by that key; 503 when the registry cannot answer. */
  async resolve(workspaceId: string, key: string): Promise<ServingDeployment | null> {
    try {
      return await this.cache.get(cacheKey(workspaceId, key), () => this.load(workspaceId, key), isRegistryUnavailable, this.countLookup);
    } catch (error) {
      this.logger.error({ err: error }, 'the registry could not resolve a deployment');
      throw registryUnavailable();
    }
  }

  /** A page of the workspace's deployments, straight from the registry (listing is not on the hot path). */
  async list(workspaceId: string, limit: number, startingAfter: string, endingBefore: string): Promise<ListDeploymentsResponse> {
    const registry = this.connections.registry;
    try {
      return await callRegistry(registry.service.listDeployments({ workspaceId, limit, startingAfter, endingBefore }, registry.metadata()), this.timeoutMs);
    } catch (error) {
      if (grpcStatusOf(error) === INVALID_ARGUMENT) {
        const message = error instanceof Error ? error.message.replace(/^\d+ [A-Z_]+: /, '') : 'invalid paging';
        throw GatewayError.invalidRequest(message, message.includes('ending_before') ? 'ending_before' : 'starting_after');
      }
      this.logger.error({ err: error }, 'the registry could not list deployments');
      throw registryUnavailable();
    }
  }

  /** Drops a changed deployment (and a cached "unknown" for its key). */
  invalidate(deploymentId: string, workspaceId?: string, key?: string): number {
    const own = workspaceId !== undefined && key !== undefined ? cacheKey(workspaceId, key) : undefined;
    return this.cache.invalidate((entryKey, value) => (value !== null ? value.id === deploymentId : entryKey === own));
  }

  clear(): void {
    this.cache.clear();
  }


  private async load(workspaceId: string, key: string): Promise<{ value: ServingDeployment | null }> {
    const registry = this.connections.registry;
    try {
      const answer = await callRegistry(registry.service.resolveDeployment({ workspaceId, key }, registry.metadata()), this.timeoutMs);
      return { value: new ServingDeployment(answer) };
    } catch (error) {
      if (isNotFound(error) || isUnanswerable(error)) return { value: null };
      throw error;
    }
  }
}

function cacheKey(workspaceId: string, key: string): string {
  return `${workspaceId}\u0000${key}`;
}
