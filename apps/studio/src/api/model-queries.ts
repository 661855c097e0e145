import type { ModelListPage, ModelView } from '@model-garden/contracts/browser';
import { type QueryClient, infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { type ModelFilters, type RegistryClient } from './registry-client';
import { type UsageSeries, loadUsageSeries } from './usage-series';

/**
 * The models' server state in TanStack Query: one key per model and per filtered
 * listing, all under `models`, so any change of a model can refresh every view of it.
 */

export const modelKeys = {
  all: ['models'] as const,
  list: (filters: string) => ['models', 'list', filters] as const,
  private: (id: string) => ['models', 'private', id] as const,
  public: (provider: string, key: string) => ['models', 'public', provider, key] as const,
};

export const PAGE_SIZE = 50;

/** The garden's listing for some filters, a page at a time ("Load more"). */
export const modelListQuery = (client: RegistryClient, filters: ModelFilters, filterKey: string) =>
  infiniteQueryOptions({
    queryKey: modelKeys.list(filterKey),
    queryFn: ({ signal, pageParam }) => client.listModels({ ...filters, limit: PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last: ModelListPage) => last.nextCursor,
  });

export type ModelTarget = { kind: 'private'; id: string } | { kind: 'public'; provider: string; key: string };

/** One model: a private one by id, a public one by provider and key. */
export const modelQuery = (client: RegistryClient, target: ModelTarget) =>
  queryOptions<ModelView, Error, ModelView, readonly string[]>({
    queryKey: target.kind === 'private' ? modelKeys.private(target.id) : modelKeys.public(target.provider, target.key),
    queryFn: ({ signal }) => (target.kind === 'private' ? client.getModel(target.id, signal) : client.getPublicModel(target.provider, target.key, signal)),
  });

/** A model's new state from an action: shown at once, and every listing refreshed. */
export function modelChanged(queryClient: QueryClient, model: ModelView): void {
  queryClient.setQueryData(model.owner === 'public' ? modelKeys.public(model.provider, model.key) : modelKeys.private(model.id), model);
  void queryClient.invalidateQueries({ queryKey: modelKeys.all, predicate: (q) => q.queryKey[1] === 'list' || q.queryKey[1] === 'all' });
}

export const usageSeriesQuery = (client: RegistryClient, days: number, model?: { ref: string; id: string }) =>
  queryOptions({
    queryKey: ['usage', days, model?.id ?? 'workspace'] as const,
    queryFn: ({ signal }): Promise<UsageSeries> => loadUsageSeries(client, { days, ...(model ? { model } : {}), signal }),
  });
