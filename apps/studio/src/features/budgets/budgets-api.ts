import { queryOptions } from '@tanstack/react-query';
import type { BudgetListPage, BudgetThresholdEventPage, BudgetView, ResponseCacheSummary } from '@model-garden/contracts/browser';
import { type RegistryClient, queryString } from '../../api/registry-client';

/** The registry's `/v1/budgets` and `/v1/cache/summary` calls and their TanStack Query keys. */
export const budgetKeys = {
  all: ['budgets'] as const,
  list: () => [...budgetKeys.all, 'list'] as const,
  alerts: () => [...budgetKeys.all, 'alerts'] as const,
  cache: (days: number) => ['cache-summary', days] as const,
};

/** Consumption moves with every call: the page polls while it is open. */
const LIVE_MS = 10_000;

export const budgetsQuery = (client: RegistryClient) =>
  queryOptions({ queryKey: budgetKeys.list(), queryFn: ({ signal }) => client.call<BudgetListPage>('GET', '/v1/budgets', { signal }).then((page) => page.data), refetchInterval: LIVE_MS });

export const budgetAlertsQuery = (client: RegistryClient) =>
  queryOptions({ queryKey: budgetKeys.alerts(), queryFn: ({ signal }) => client.call<BudgetThresholdEventPage>('GET', '/v1/budgets/alerts', { signal }).then((page) => page.data), refetchInterval: LIVE_MS });

export const cacheSummaryQuery = (client: RegistryClient, days: number) =>
  queryOptions({
    queryKey: budgetKeys.cache(days),
    queryFn: ({ signal }) => client.call<ResponseCacheSummary>('GET', `/v1/cache/summary${queryString({ from: new Date(Date.now() - days * 86_400_000).toISOString() })}`, { signal }),
  });

export function saveBudget(client: RegistryClient, id: string | null, body: Record<string, unknown>): Promise<BudgetView> {
  return id === null ? client.call<BudgetView>('POST', '/v1/budgets', { body }) : client.call<BudgetView>('PATCH', `/v1/budgets/${encodeURIComponent(id)}`, { body });
}

export function resetBudget(client: RegistryClient, id: string): Promise<BudgetView> {
  return client.call<BudgetView>('POST', `/v1/budgets/${encodeURIComponent(id)}/reset`);
}

export function deleteBudget(client: RegistryClient, id: string): Promise<void> {
  return client.call<void>('DELETE', `/v1/budgets/${encodeURIComponent(id)}`);
}
