import type { ListedModelStatus, ModelListPage, ModelOwner, ModelType, ModelView, Region } from '@model-garden/contracts/browser';
import { type InfiniteData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { modelChanged, modelKeys, modelListQuery } from '../../api/model-queries';
import { ApiError, type ModelFilters } from '../../api/registry-client';
import { useStudio } from '../../app/studio-context';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { StatusBadge } from '../../components/status-badge';
import { Switch } from '../../components/switch';
import { formatPricing, providerLabel, regionLabel, typeLabel } from '../../lib/format';
import { Link, navigate, paths } from '../../lib/router';
import { outsidePolicy, regionsInWords } from '../workspace-settings/region-policy';
import { useAllowedRegions } from '../workspace-settings/workspace-queries';
import { MODEL_TYPE_OPTIONS, REGION_OPTIONS } from '../../rules/model-form.rules';

const STATUS_OPTIONS: readonly { value: ListedModelStatus; label: string }[] = [
  { value: 'active', label: 'Active' },
  { value: 'validating', label: 'Validating' },
  { value: 'failed', label: 'Failed' },
  { value: 'degraded', label: 'Degraded' },
  { value: 'unavailable', label: 'Unavailable' },
];
const OWNER_OPTIONS: readonly { value: ModelOwner; label: string }[] = [
  { value: 'private', label: 'Private (this workspace)' },
  { value: 'public', label: 'Public catalogue' },
];

type FilterName = 'type' | 'owner' | 'status' | 'region';

/** The filters in the address (`#/models?type=chat&q=llama`), so a filtered garden can be bookmarked and shared. */
export function filtersFromQuery(query: URLSearchParams): Required<ModelFilters> {
  const pick = <T extends string>(name: string, allowed: readonly { value: T }[]): T | '' => {
    const value = query.get(name) ?? '';
    return allowed.some((o) => o.value === value) ? (value as T) : '';
  };
  return {
    type: pick<ModelType>('type', MODEL_TYPE_OPTIONS),
    owner: pick<ModelOwner>('owner', OWNER_OPTIONS),
    status: pick<ListedModelStatus>('status', STATUS_OPTIONS),
    region: pick<Region>('region', REGION_OPTIONS),
    q: (query.get('q') ?? '').slice(0, 100),
  };
}

function queryFromFilters(filters: Required<ModelFilters>): URLSearchParams {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) query.set(key, value);
  return query;
}

export function modelLink(model: Pick<ModelView, 'owner' | 'id' | 'provider' | 'key'>): string {
  return model.owner === 'public' ? paths.publicModel(model.provider, model.key) : paths.model(model.id);
}

/** Every model the workspace can use, public and private together, with filters and search. */
export function GardenView({ query }: { query: URLSearchParams }): ReactNode {
  const { client, notify } = useStudio();
  const allowedRegions = useAllowedRegions();
  const filters = filtersFromQuery(query);
  const filterKey = queryFromFilters(filters).toString();
  const [search, setSearch] = useState(filters.q);
  const queryClient = useQueryClient();
  const listing = useInfiniteQuery({
    ...modelListQuery(client, filters, filterKey),
    // Models being validated turn active or failed on their own: refresh quietly meanwhile (the first page only).
    refetchInterval: (query) => (query.state.data?.pages.length === 1 && query.state.data.pages[0]?.data.some((m) => m.status === 'validating') ? 2000 : false),
  });

  // The search box writes to the address after a short pause, so typing is not a request per key.
  useEffect(() => {
    if (search === filters.q) return undefined;
    const id = window.setTimeout(() => navigate(paths.garden(queryFromFilters({ ...filters, q: search })), { replace: true }), 300);
    return () => window.clearTimeout(id);
  }, [search, filters]);

  const firstPage = listing.data?.pages[0];
  const models = listing.data?.pages.flatMap((page) => page.data) ?? [];
  const nextCursor = listing.hasNextPage ? (listing.data?.pages.at(-1)?.nextCursor ?? null) : null;

  const setFilter = (name: FilterName, value: string): void => navigate(paths.garden(queryFromFilters({ ...filters, [name]: value })), { replace: true });
  const clearFilters = (): void => {
    setSearch('');
    navigate(paths.garden(), { replace: true });
  };
  const filtered = Object.values(filters).some(Boolean);

  const loadMore = async (): Promise<void> => {
    const result = await listing.fetchNextPage();
    if (result.isError) notify(result.error.message, 'error');
  };

  const toggleEnabled = useMutation({
    mutationFn: ({ model, enabled }: { model: ModelView; enabled: boolean }) => client.setPublicModelEnabled(model.provider, model.key, enabled),
    onSuccess: (updated, { model, enabled }) => {
      queryClient.setQueryData<InfiniteData<ModelListPage, string | null>>(modelKeys.list(filterKey), (data) =>
        data ? { ...data, pages: data.pages.map((page) => ({ ...page, data: page.data.map((m) => (m.id === model.id ? updated : m)) })) } : data,
      );
      modelChanged(queryClient, updated);
      notify(`${model.name} is ${enabled ? 'enabled' : 'disabled'} for this workspace.`, 'success');
    },
    onError: (e, { model }) => notify(e instanceof ApiError ? `Could not change ${model.name}: ${e.message}` : String(e), 'error'),
  });

  return (
    <>
      <div className="page-header">
        <div>
          <h1 tabIndex={-1}>Model Garden</h1>
          <p className="muted">Your private models and the public catalogue, side by side.</p>
        </div>
        <Link to={paths.addModel()} className="button button--primary">
          Add model
        </Link>
      </div>

      <form className="filters card" role="search" aria-label="Filter models" onSubmit={(e) => e.preventDefault()}>
        <div className="filters__search field">
          <label className="field__label" htmlFor="filter-q">
            Search
          </label>
          <input
            id="filter-q"
            className="input"
            type="search"
            value={search}
            maxLength={100}
            placeholder="Name, key, model ID or description"
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <FilterSelect id="filter-type" label="Type" value={filters.type} options={MODEL_TYPE_OPTIONS} onChange={(v) => setFilter('type', v)} />
        <FilterSelect id="filter-owner" label="Owner" value={filters.owner} options={OWNER_OPTIONS} onChange={(v) => setFilter('owner', v)} />
        <FilterSelect id="filter-status" label="Status" value={filters.status} options={STATUS_OPTIONS} onChange={(v) => setFilter('status', v)} />
        <FilterSelect id="filter-region" label="Region" value={filters.region} options={REGION_OPTIONS} onChange={(v) => setFilter('region', v)} />
        <div className="filters__clear">
          <button type="button" className="button button--ghost" onClick={clearFilters} disabled={!filtered && search === ''}>
            Clear filters
          </button>
        </div>
      </form>

      <p className="sr-only" role="status" aria-live="polite">
        {listing.isSuccess ? `${models.length}${nextCursor ? '+' : ''} models shown` : ''}
      </p>

      {listing.isPending ? <Loading label="Loading models…" /> : null}
      {listing.isError && !firstPage ? <ErrorState title="The models could not be loaded" error={listing.error} onRetry={() => void listing.refetch()} /> : null}
      {firstPage && models.length === 0 ? (
        filtered ? (
          <EmptyState
            title="No model matches these filters"
            action={
              <button type="button" className="button" onClick={clearFilters}>
                Clear filters
              </button>
            }
          >
            Try another search or fewer filters.
          </EmptyState>
        ) : (
          <EmptyState
            title="No models yet"
            action={
              <Link to={paths.addModel()} className="button button--primary">
                Add your first model
              </Link>
            }
          >
            Connect any OpenAI-compatible endpoint (Groq, Together AI, Mistral, vLLM, your own) and it is validated automatically.
          </EmptyState>
        )
      ) : null}
      {firstPage && models.length > 0 ? (
        <div className="table-wrap card">
          <table className="table table--models" aria-label="Models">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Provider / host</th>
                <th scope="col">Type</th>
                <th scope="col">Region</th>
                <th scope="col">Owner</th>
                <th scope="col">Status</th>
                <th scope="col">Prices</th>
                <th scope="col">Enabled</th>
              </tr>
            </thead>
            <tbody>
              {models.map((model) => (
                <tr key={model.id} data-model-ref={model.ref} data-owner={model.owner}>
                  <th scope="row" data-label="Name">
                    <Link to={modelLink(model)} className="model-link">
                      {model.name}
                    </Link>
                    <span className="muted small mono block">{model.ref}</span>
                  </th>
                  <td data-label="Provider / host">{providerLabel(model)}</td>
                  <td data-label="Type">{typeLabel(model.type)}</td>
                  <td data-label="Region">
                    {regionLabel(model.region)}
                    {outsidePolicy(model, allowedRegions) ? (
                      <div>
                        <span className="badge badge--failed" data-testid="outside-region" title={`This workspace only allows models that run in ${regionsInWords(allowedRegions)}: calls of this model are refused.`}>
                          Region not allowed
                        </span>
                      </div>
                    ) : null}
                  </td>
                  <td data-label="Owner">
                    <span className={`owner owner--${model.owner}`}>{model.owner === 'private' ? 'Private' : 'Public'}</span>
                  </td>
                  <td data-label="Status">
                    <StatusBadge status={model.status} title={model.statusMessage} />
                  </td>
                  <td data-label="Prices" className="small">
                    {formatPricing(model.pricing, model.type)}
                  </td>
                  <td data-label="Enabled">
                    {model.owner === 'public' ? (
                      <Switch checked={model.enabled} label={`Enable ${model.name}`} disabled={toggleEnabled.isPending && toggleEnabled.variables.model.id === model.id} onChange={(next) => toggleEnabled.mutate({ model, enabled: next })} />
                    ) : (
                      <span className="muted small">Always</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {nextCursor ? (
        <div className="load-more">
          <button type="button" className="button" onClick={() => void loadMore()} disabled={listing.isFetchingNextPage}>
            {listing.isFetchingNextPage ? 'Loading…' : 'Show more models'}
          </button>
        </div>
      ) : null}
    </>
  );
}

function FilterSelect({
  id,
  label,
  value,
  options,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  onChange: (value: string) => void;
}): ReactNode {
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="input input--select" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">All</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
