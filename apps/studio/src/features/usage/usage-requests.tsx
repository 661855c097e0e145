import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { USAGE_STATUS_CLASSES, type UsageRequestsPage, type UsageStatusClass } from '@model-garden/contracts/browser';
import { type ReactNode, useState } from 'react';
import type { RegistryClient } from '../../api/registry-client';
import { useStudio } from '../../app/studio-context';
import { ErrorState, Loading } from '../../components/states';
import { formatCount, formatDateTime, formatLatency, formatUsd } from '../../lib/format';

const PAGE_SIZE = 25;
const DAY_MS = 86_400_000;

/** `GET /v1/usage/requests` over the last `days` days, newest first, page after page. */
export const usageRequestsQuery = (client: RegistryClient, days: number, status: UsageStatusClass | '') =>
  infiniteQueryOptions({
    queryKey: ['usage', 'requests', days, status] as const,
    queryFn: ({ signal, pageParam }) => {
      const query = new URLSearchParams({ from: new Date(Date.now() - days * DAY_MS).toISOString(), limit: String(PAGE_SIZE) });
      if (status) query.set('status', status);
      if (pageParam) query.set('cursor', pageParam);
      return client.call<UsageRequestsPage>('GET', `/v1/usage/requests?${query.toString()}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last: UsageRequestsPage) => last.nextCursor,
  });

/** The requests behind the figures, one by one (raw records: kept 30 days by default). */
export function UsageRequests({ days }: { days: number }): ReactNode {
  const { client, notify } = useStudio();
  const [status, setStatus] = useState<UsageStatusClass | ''>('');
  const requests = useInfiniteQuery(usageRequestsQuery(client, days, status));
  const rows = requests.data?.pages.flatMap((page) => page.data) ?? [];
  const loadMore = async (): Promise<void> => {
    const result = await requests.fetchNextPage();
    if (result.isError) notify(result.error.message, 'error');
  };

  return (
    <section className="card" aria-labelledby="usage-requests">
      <div className="page-header">
        <h2 id="usage-requests">Requests</h2>
        <label>
          Status{' '}
          <select value={status} onChange={(e) => setStatus(e.target.value as UsageStatusClass | '')} aria-label="Status">
            <option value="">All</option>
            {USAGE_STATUS_CLASSES.filter((c) => c !== '1xx' && c !== '3xx').map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
      </div>
      {requests.isPending ? <Loading label="Loading requests…" /> : null}
      {requests.isError ? <ErrorState title="Requests could not be loaded" error={requests.error} onRetry={() => void requests.refetch()} /> : null}
      {requests.isSuccess && rows.length === 0 ? <p className="muted">No requests{status ? ` answered ${status}` : ''} in the last {days} days.</p> : null}
      {rows.length > 0 ? (
        <div className="table-wrap">
          <table className="table table--usage">
            <thead>
              <tr>
                <th scope="col">Time (UTC)</th>
                <th scope="col">Model</th>
                <th scope="col">Endpoint</th>
                <th scope="col">Status</th>
                <th scope="col">Tokens in / out</th>
                <th scope="col">Cost</th>
                <th scope="col">Latency</th>
                <th scope="col">Deployment</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.requestId} ${r.occurredAt}`} data-request-id={r.requestId}>
                  <td data-label="Time">{formatDateTime(r.occurredAt)}</td>
                  <th scope="row" data-label="Model">
                    <span className="mono">{r.modelRef}</span>
                  </th>
                  <td data-label="Endpoint">{r.endpoint}</td>
                  <td data-label="Status">{r.errorCode ? `${r.status} ${r.errorCode}` : r.status}</td>
                  <td data-label="Tokens in / out">
                    {formatCount(r.inputTokens)} / {formatCount(r.outputTokens)}
                  </td>
                  <td data-label="Cost">{formatUsd(r.costUsd)}</td>
                  <td data-label="Latency">{formatLatency(r.latencyMs)}</td>
                  <td data-label="Deployment">{r.deploymentKey ? `${r.deploymentKey} v${r.deploymentVersion ?? '?'} ${r.deploymentVariant ?? ''}` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {requests.hasNextPage ? (
        <button type="button" className="button" onClick={() => void loadMore()} disabled={requests.isFetchingNextPage}>
          {requests.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      ) : null}
    </section>
  );
}
