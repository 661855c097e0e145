import { type ReactNode, useState } from 'react';
import type { DayFigures, UsageSeries } from '../../api/usage-series';
import { StackedBarChart } from '../../components/bar-chart';
import { seriesColour } from '../../lib/chart-scale';
import { formatCompact, formatCount, formatDay, formatUsd } from '../../lib/format';

export const METRICS = [
  { id: 'requests', label: 'Requests', value: (d: DayFigures) => d.requests, format: (v: number) => formatCompact(v) },
  { id: 'tokens', label: 'Tokens', value: (d: DayFigures) => d.inputTokens + d.outputTokens, format: (v: number) => formatCompact(v) },
  { id: 'cost', label: 'Cost', value: (d: DayFigures) => d.costUsd, format: (v: number) => formatUsd(v) },
] as const;

export type MetricId = (typeof METRICS)[number]['id'];

/** A choice among a few options, as a row of toggle buttons (one pressed). */
export function Segmented<T extends string | number>({
  label,
  options,
  value,
  onChange,
}: {
  label: string;
  options: readonly { id: T; label: string }[];
  value: T;
  onChange: (value: T) => void;
}): ReactNode {
  return (
    <div className="segmented" role="group" aria-label={label}>
      {options.map((o) => (
        <button key={String(o.id)} type="button" className="segmented__option" aria-pressed={o.id === value} onClick={() => onChange(o.id)}>
          {o.label}
        </button>
      ))}
    </div>
  );
}

/** Usage over time, one colour per model, with a metric switch and the numbers as a table for those who need them. */
export function UsageChart({ series, title, byModel = true }: { series: UsageSeries; title: string; byModel?: boolean }): ReactNode {
  const [metricId, setMetricId] = useState<MetricId>('requests');
  const metric = METRICS.find((m) => m.id === metricId) ?? METRICS[0];
  const chartSeries = byModel
    ? series.models.map((m, i) => ({ name: m.modelRef, colour: seriesColour(i), values: m.days.map(metric.value) }))
    : [{ name: '', colour: seriesColour(0), values: series.dayTotals.map(metric.value) }];
  return (
    <div className="usage-chart">
      <div className="usage-chart__controls">
        <Segmented label="Metric" options={METRICS.map((m) => ({ id: m.id, label: m.label }))} value={metricId} onChange={setMetricId} />
      </div>
      <StackedBarChart title={`${title}: ${metric.label.toLowerCase()} per day`} labels={series.days} series={chartSeries} format={metric.format} formatLabel={formatDay} />
      <details className="usage-chart__data">
        <summary>Show the numbers per day</summary>
        <div className="table-wrap">
          <table className="table table--compact">
            <caption className="sr-only">{title} per day</caption>
            <thead>
              <tr>
                <th scope="col">Day (UTC)</th>
                <th scope="col">Requests</th>
                <th scope="col">Errors</th>
                <th scope="col">Input tokens</th>
                <th scope="col">Output tokens</th>
                <th scope="col">Cost</th>
              </tr>
            </thead>
            <tbody>
              {series.days.map((day, i) => {
                const d = series.dayTotals[i];
                return (
                  <tr key={day}>
                    <th scope="row">{formatDay(day)}</th>
                    <td>{formatCount(d?.requests ?? 0)}</td>
                    <td>{formatCount(d?.errors ?? 0)}</td>
                    <td>{formatCount(d?.inputTokens ?? 0)}</td>
                    <td>{formatCount(d?.outputTokens ?? 0)}</td>
                    <td>{formatUsd(d?.costUsd ?? 0)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}

/** Headline figures: requests, tokens, cost, errors. */
export function UsageFiguresRow({ totals }: { totals: { requests: number; errors: number; inputTokens: number; outputTokens: number; costUsd: number } }): ReactNode {
  return (
    <dl className="figures">
      <div className="figure">
        <dt>Requests</dt>
        <dd data-figure="requests">{formatCount(totals.requests)}</dd>
      </div>
      <div className="figure">
        <dt>Tokens in / out</dt>
        <dd data-figure="tokens">
          {formatCount(totals.inputTokens)} / {formatCount(totals.outputTokens)}
        </dd>
      </div>
      <div className="figure">
        <dt>Cost</dt>
        <dd data-figure="cost">{formatUsd(totals.costUsd)}</dd>
      </div>
      <div className="figure">
        <dt>Errors</dt>
        <dd data-figure="errors">{formatCount(totals.errors)}</dd>
      </div>
    </dl>
  );
}
