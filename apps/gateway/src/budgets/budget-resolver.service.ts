import { Inject, Injectable } from '@nestjs/common';
import { type BudgetConsumptionTotals, type EnforcedBudget } from '@model-garden/contracts';
import { type AppLogger, LOGGER, ServiceConnections } from '@model-garden/platform';
import { registryUnavailable } from '../auth/api-key-authenticator.service';
import { GatewayConfig } from '../config/gateway.config';
import { GatewayMetrics } from '../metrics/gateway.metrics';
import { callRegistry, isRegistryUnavailable } from '../resolution/registry-call.util';
import { ResolutionCache } from '../resolution/resolution-cache';

const NO_BUDGETS: readonly EnforcedBudget[] = Object.freeze([]);

/**
 * A workspace's enforced budgets through the registry's ListWorkspaceBudgets, cached
 * per workspace like keys and models: BudgetChanged events drop the entry
 * (`invalidate`), so a new, changed or reset budget applies at every gateway within a
 * second with no registry call per request. The ledger's totals (GetBudgetConsumption)
 * are read only to rebuild a counter Redis lost.
 */
@Injectable()
export class BudgetResolver {
  private readonly cache: ResolutionCache<readonly EnforcedBudget[]>;
  private readonly timeoutMs: number;

  constructor(
    private readonly connections: ServiceConnections,
    config: GatewayConfig,
    private readonly metrics: GatewayMetrics,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {
    this.cache = new ResolutionCache<readonly EnforcedBudget[]>({
      maxEntries: config.GATEWAY_CACHE_MAX_ENTRIES,
      ttlMs: config.GATEWAY_MODEL_CACHE_TTL_SECONDS * 1000,
      negativeTtlMs: config.GATEWAY_NEGATIVE_CACHE_TTL_SECONDS * 1000,
      staleIfErrorMs: config.GATEWAY_CACHE_STALE_IF_ERROR_SECONDS * 1000,
    });
    this.timeoutMs = config.GATEWAY_REGISTRY_TIMEOUT_MS;
  }

  /**
   * The workspace's budgets when they are cached and fresh (none: an empty list), else
   * undefined (then `forWorkspace` asks the registry): the hot path's lookup without a promise.
   */
  cached(workspaceId: string): readonly EnforcedBudget[] | undefined {
    const budgets = this.cache.fresh(workspaceId, this.countLookup);
    return budgets === null ? NO_BUDGETS : budgets;
  }

  /** The workspace's active budgets (none: an empty list); 503 when the registry cannot answer. */
  async forWorkspace(workspaceId: string): Promise<readonly EnforcedBudget[]> {
    try {
      return (await this.cache.get(workspaceId, () => this.load(workspaceId), isRegistryUnavailable, this.countLookup)) ?? NO_BUDGETS;
    } catch (error) {
      this.logger.error({ err: error }, 'the registry could not list budgets');
      throw registryUnavailable();
    }
  }

  /** What a budget consumed in [fromMs, toMs) by the ledger (toMs 0: no end). */
  async consumption(workspaceId: string, budgetId: string, fromMs: number, toMs: number): Promise<BudgetConsumptionTotals> {
    const registry = this.connections.registry;
    return callRegistry(registry.service.getBudgetConsumption({ workspaceId, budgetId, fromMs, toMs }, registry.metadata()), this.timeoutMs);
  }

  invalidate(workspaceId: string): number {
    return this.cache.invalidate((key) => key === workspaceId);
  }

  clear(): void {
    this.cache.clear();
  }

  private readonly countLookup = (outcome: string): void => {
    this.metrics.cacheLookups.inc({ cache: 'budget', outcome });
  };

  private async load(workspaceId: string): Promise<{ value: readonly EnforcedBudget[] }> {
    const registry = this.connections.registry;
    const answer = await callRegistry(registry.service.listWorkspaceBudgets({ workspaceId }, registry.metadata()), this.timeoutMs);
    return { value: answer.budgets ?? [] };
  }
}
