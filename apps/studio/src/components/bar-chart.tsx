import { type ReactNode, type RefObject, useEffect, useId, useRef, useState } from 'react';
import { labelStride, niceTicks } from '../lib/chart-scale';

export interface ChartSeries {
  name: string;
  colour: string;
  values: number[];
}

const MIN_WIDTH = 320;
const MARGIN = { top: 12, right: 12, bottom: 28, left: 56 };

/** The width of an element, followed as the window resizes (so the chart draws at 1:1 and its text keeps its size). */
function useWidth(): [RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(640);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver((entries) => {
      const next = Math.floor(entries[0]?.contentRect.width ?? 0);
      if (next > 0) setWidth(next);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, Math.max(MIN_WIDTH, width)];
}

/**
 * A stacked bar chart in plain SVG: one bar per label, one segment per series. The
 * figure carries a text summary for screen readers, each segment a tooltip, and the
 * numbers are also in a table beside it (the caller's).
 */
export function StackedBarChart({
  title,
  labels,
  series,
  format,
  formatLabel = (l: string) => l,
  height = 220,
}: {
  title: string;
  labels: string[];
  series: ChartSeries[];
  format: (value: number) => string;
  formatLabel?: (label: string) => string;
  height?: number;
}): ReactNode {
  const id = useId();
  const [boxRef, width] = useWidth();
  const totals = labels.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const ticks = niceTicks(Math.max(0, ...totals));
  const top = ticks[ticks.length - 1] ?? 1;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const slot = plotW / Math.max(1, labels.length);
  const barW = Math.max(2, Math.min(36, slot * 0.7));
  const y = (v: number): number => MARGIN.top + plotH - (v / top) * plotH;
  const stride = labelStride(labels.length, Math.max(2, Math.floor(plotW / 56)));
  const grand = totals.reduce((a, b) => a + b, 0);
  const peak = totals.reduce((best, v, i) => (v > (totals[best] ?? 0) ? i : best), 0);
  const summary =
    grand === 0
      ? `${title}: nothing recorded in this period.`
      : `${title}: ${format(grand)} in total over ${labels.length} days; highest on ${formatLabel(labels[peak] ?? '')} with ${format(totals[peak] ?? 0)}.`;

  return (
    <figure className="chart">
      <div className="chart__scroll" ref={boxRef}>
        <svg className="chart__svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
          <title id={`${id}-title`}>{title}</title>
          <desc id={`${id}-desc`}>{summary}</desc>
          {ticks.map((t) => (
            <g key={t}>
              <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(t)} y2={y(t)} className="chart__grid" />
              <text x={MARGIN.left - 6} y={y(t)} className="chart__tick" textAnchor="end" dominantBaseline="middle">
                {format(t)}
              </text>
            </g>
          ))}
          {labels.map((label, i) => {
            const x = MARGIN.left + i * slot + (slot - barW) / 2;
            let base = 0;
            return (
              <g key={label}>
                {series.map((s) => {
                  const v = s.values[i] ?? 0;
                  if (v <= 0) return null;
                  const y0 = y(base);
                  base += v;
                  const y1 = y(base);
                  return (
                    <rect key={s.name} x={x} y={y1} width={barW} height={Math.max(0.5, y0 - y1)} fill={s.colour}>
                      <title>{`${formatLabel(label)} · ${s.name}: ${format(v)}`}</title>
                    </rect>
                  );
                })}
                {i % stride === 0 ? (
                  <text x={x + barW / 2} y={height - 8} className="chart__tick" textAnchor="middle">
                    {formatLabel(label)}
                  </text>
                ) : null}
              </g>
            );
          })}
          <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(0)} y2={y(0)} className="chart__axis" />
        </svg>
      </div>
      {series.length > 1 || (series.length === 1 && series[0]?.name) ? (
        <figcaption>
          <ul className="chart__legend">
            {series.map((s) => (
              <li key={s.name}>
                <span className="chart__swatch" style={{ background: s.colour }} aria-hidden="true" />
                {s.name}
              </li>
            ))}
          </ul>
        </figcaption>
      ) : null}
    </figure>
  );
}
