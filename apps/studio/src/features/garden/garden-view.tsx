import type { ListedModelStatus, ModelListPage, ModelOwner, ModelType, ModelView, Region } from '@model-garden/contracts';
import { type ReactNode, useEffect, useState } from 'react';
import { ApiError, type ModelFilters } from '../../api/registry-client';
import { useStudio } from '../../app/studio-context';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { StatusBadge } from '../../components/status-badge';
import { Switch } from '../../components/switch';
import { formatPricing, providerLabel, regionLabel, typeLabel } from '../../lib/format';
import { Link, navigate, paths } from '../../lib/router';
import { useInterval, useResource } from '../../lib/use-resource';
import { MODEL_TYPE_OPTIONS, REGION_OPTIONS } from '../../rules/model-form.rules';

const PAGE_SIZE = 50;

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
  const filters = filtersFromQuery(query);
  const filterKey = queryFromFilters(filters).toString();
  const [search, setSearch] = useState(filters.q);
  const [extra, setExtra] = useState<{ forKey: string; models: ModelView[]; cursor: string | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [pending, setPending] = useState<Record<string, boolean>>({});

  const { resource, reload, setData } = useResource<ModelListPage>(filterKey, (signal) => client.listModels({ ...filters, limit: PAGE_SIZE }, signal));

  // The search box writes to the address after a short pause, so typing is not a request per key.
  useEffect(() => {
    if (search === filters.q) return undefined;
    const id = window.setTimeout(() => navigate(paths.garden(queryFromFilters({ ...filters, q: search })), { replace: true }), 300);
    return () => window.clearTimeout(id);
  }, [search, filters]);

  const firstPage = resource.status === 'ready' || resource.status === 'error' ? resource.data : undefined;
  const more = extra && extra.forKey === filterKey ? extra : null;
  const models = [...(firstPage?.data ?? []), ...(more?.models ?? [])];
  const nextCursor = more ? more.cursor : (firstPage?.nextCursor ?? null);
  const anyValidating = models.some((m) => m.status === 'validating');

  // Models being validated turn active or failed on their own: refresh quietly meanwhile.
  useInterval(anyValidating && !more, 2000, () => reload({ quiet: true }));

  const setFilter = (name: FilterName, value: string): void => navigate(paths.garden(queryFromFilters({ ...filters, [name]: value })), { replace: true });
  const clearFilters = (): void => {
    setSearch('');
    navigate(paths.garden(), { replace: true });
  };
  const filtered = Object.values(filters).some(Boolean);

  const loadMore = async (): Promise<void> => {
    if (!nextCursor) return;
    setLoadingMore(true);
    try {
      const page = await client.listModels({ ...filters, limit: PAGE_SIZE, cursor: nextCursor });
      setExtra({ forKey: filterKey, models: [...(more?.models ?? []), ...page.data], cursor: page.nextCursor });
    } catch (e: unknown) {
      notify(e instanceof Error ? e.message : String(e), 'error');
    } finally {
      setLoadingMore(false);
    }
  };

  const toggle = async (model: ModelView, enabled: boolean): Promise<void> => {
    setPending((p) => ({ ...p, [model.id]: true }));
    try {
      const updated = await client.setPublicModelEnabled(model.provider, model.key, enabled);
      if (firstPage) setData({ ...firstPage, data: firstPage.data.map((m) => (m.id === model.id ? updated : m)) });
      if (more) setExtra({ ...more, models: more.models.map((m) => (m.id === model.id ? updated : m)) });
      notify(`${model.name} is ${enabled ? 'enabled' : 'disabled'} for this workspace.`, 'success');
    } catch (e: unknown) {
      notify(e instanceof ApiError ? `Could not change ${model.name}: ${e.message}` : String(e), 'error');
    } finally {
      setPending((p) => ({ ...p, [model.id]: false }));
    }
  };

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
        {resource.status === 'ready' ? `${models.length}${nextCursor ? '+' : ''} models shown` : ''}
      </p>

      {resource.status === 'loading' ? <Loading label="Loading models…" /> : null}
      {resource.status === 'error' && !firstPage ? <ErrorState title="The models could not be loaded" error={resource.error} onRetry={() => reload()} /> : null}
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
                  <td data-label="Region">{regionLabel(model.region)}</td>
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
                      <Switch checked={model.enabled} label={`Enable ${model.name}`} disabled={pending[model.id]} onChange={(next) => void toggle(model, next)} />
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
          <button type="button" className="button" onClick={() => void loadMore()} disabled={loadingMore}>
            {loadingMore ? 'Loading…' : 'Show more models'}
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
