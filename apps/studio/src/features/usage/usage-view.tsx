import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { usageSeriesQuery } from '../../api/model-queries';
import type { UsageSeries } from '../../api/usage-series';
import { useStudio } from '../../app/studio-context';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { seriesColour } from '../../lib/chart-scale';
import { formatCount, formatLatency, formatUsd } from '../../lib/format';
import { navigate, paths } from '../../lib/router';
import { Segmented, UsageChart, UsageFiguresRow } from './usage-chart';
import { UsageRequests } from './usage-requests';

export const RANGES = [
  { id: 7, label: 'Last 7 days' },
  { id: 30, label: 'Last 30 days' },
] as const;

export type RangeDays = (typeof RANGES)[number]['id'];

export const rangeFrom = (query: URLSearchParams): RangeDays => (query.get('days') === '7' ? 7 : 30);

/** The workspace's requests, tokens and cost over time, by model. */
export function UsageView({ query }: { query: URLSearchParams }): ReactNode {
  const { client } = useStudio();
  const days = rangeFrom(query);
  const usage = useQuery(usageSeriesQuery(client, days));
  const refreshing = usage.isFetching && !usage.isPending;

  return (
    <>
      <div className="page-header">
        <div>
          <h1 tabIndex={-1}>Usage</h1>
          <p className="muted">Calls through the gateway: requests, tokens and cost per day and per model (UTC days).</p>
        </div>
        <div className="page-header__actions">
          <Segmented label="Period" options={RANGES} value={days} onChange={(d) => navigate(`${paths.usage()}?days=${d}`, { replace: true })} />
          <button type="button" className="button" onClick={() => void usage.refetch()} disabled={refreshing}>
            {refreshing ? 'Refreshing…' : 'Refresh'}
          </button>
        </div>
      </div>

      {usage.isPending ? <Loading label="Loading usage…" /> : null}
      {usage.isError ? <ErrorState title="Usage could not be loaded" error={usage.error} onRetry={() => void usage.refetch()} /> : null}
      {usage.isSuccess ? <UsageContent series={usage.data} days={days} /> : null}
    </>
  );
}

function UsageContent({ series, days }: { series: UsageSeries; days: number }): ReactNode {
  if (series.totals.requests === 0) {
    return (
      <EmptyState title={`No calls in the last ${days} days`}>
        Call a model through the gateway with a workspace API key, and its requests, tokens and cost appear here within seconds.
      </EmptyState>
    );
  }
  return (
    <>
      <section className="card" aria-labelledby="usage-totals">
        <h2 id="usage-totals">Last {days} days</h2>
        <UsageFiguresRow totals={series.totals} />
      </section>
      <section className="card" aria-labelledby="usage-over-time">
        <h2 id="usage-over-time">Over time, by model</h2>
        <UsageChart series={series} title="Workspace usage" />
      </section>
      <section className="card" aria-labelledby="usage-by-model">
        <h2 id="usage-by-model">By model</h2>
        <div className="table-wrap">
          <table className="table table--usage">
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Requests</th>
                <th scope="col">Errors</th>
                <th scope="col">Input tokens</th>
                <th scope="col">Output tokens</th>
                <th scope="col">Images</th>
                <th scope="col">Cost</th>
                <th scope="col">Latency p50 / p95</th>
              </tr>
            </thead>
            <tbody>
              {series.models.map((m, i) => (
                <tr key={m.modelRef} data-model-ref={m.modelRef}>
                  <th scope="row" data-label="Model">
                    <span className="chart__swatch" style={{ background: seriesColour(i) }} aria-hidden="true" />
                    <span className="mono">{m.modelRef}</span>
                  </th>
                  <td data-label="Requests">{formatCount(m.total.requests)}</td>
                  <td data-label="Errors">{formatCount(m.total.errors)}</td>
                  <td data-label="Input tokens">{formatCount(m.total.inputTokens)}</td>
                  <td data-label="Output tokens">{formatCount(m.total.outputTokens)}</td>
                  <td data-label="Images">{formatCount(m.total.images)}</td>
                  <td data-label="Cost">{formatUsd(m.total.costUsd)}</td>
                  <td data-label="Latency p50 / p95">
                    {formatLatency(m.total.latencyMs.p50)} / {formatLatency(m.total.latencyMs.p95)}
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">All models</th>
                <td>{formatCount(series.totals.requests)}</td>
                <td>{formatCount(series.totals.errors)}</td>
                <td>{formatCount(series.totals.inputTokens)}</td>
                <td>{formatCount(series.totals.outputTokens)}</td>
                <td>{formatCount(series.totals.images)}</td>
                <td>{formatUsd(series.totals.costUsd)}</td>
                <td>
                  {formatLatency(series.totals.latencyMs.p50)} / {formatLatency(series.totals.latencyMs.p95)}
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      </section>
      <UsageRequests days={days} />
    </>
  );
}
