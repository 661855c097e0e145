import { type ColumnDef, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type ReactNode, useMemo, useRef } from 'react';
import { formatLatency, formatUsd } from '../../../lib/format';
import type { CellView, ColumnAggregate, ColumnView, DatapointView, EvaluatorView } from '@model-garden/contracts/browser';
import type { GridRow } from '../lib/run-grid';
import { inputText } from './datapoint-cells';
import { ScoreChips } from './score-chips';

const mean = (values: number[]): number | null => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);

/** One grid cell: the answer of the first repetition, the mean score per evaluator over the repetitions, latency and cost. */
function GridCell({ cells, evaluators, onOpen, label }: { cells: CellView[] | undefined; evaluators: readonly EvaluatorView[]; onOpen: () => void; label: string }): ReactNode {
  if (!cells || cells.length === 0) return <span className="muted small">—</span>;
  const done = cells.filter((c) => c.status === 'completed');
  const failed = cells.filter((c) => c.status === 'failed');
  const queued = cells.filter((c) => c.status === 'queued').length;
  const first = done[0] ?? failed[0] ?? cells[0]!;
  const scores = evaluators
    .map((e) => {
      const verdicts = done.flatMap((c) => c.scores.filter((s) => s.evaluatorId === e.id));
      if (verdicts.length === 0) return null;
      const scored = verdicts.filter((s) => s.score !== null && s.error === null);
      const passes = scored.filter((s) => s.passed !== null);
      return {
        evaluatorId: e.id,
        score: mean(scored.map((s) => s.score as number)),
        passed: passes.length === 0 ? null : passes.every((s) => s.passed),
        reason: verdicts.map((s) => s.error ?? s.reason).join(' | '),
        error: scored.length === 0 ? (verdicts[0]?.error ?? null) : null,
      };
    })
    .filter((s) => s !== null);
  const latency = mean(done.map((c) => c.latencyMs).filter((v): v is number => v !== null));
  const cost = done.reduce((sum, c) => sum + (c.costUsd ?? 0), 0);
  const state = failed.length > 0 && done.length === 0 ? 'failed' : queued > 0 ? 'queued' : 'completed';
  return (
    <button type="button" className={`grid-cell grid-cell--${state}`} onClick={onOpen} aria-label={`Open ${label}`} data-cell-state={state}>
      {first.status === 'failed' ? <span className="grid-cell__error">{first.error?.message ?? 'failed'}</span> : first.status === 'queued' ? <span className="muted">Running…</span> : <span className="grid-cell__answer">{first.output}</span>}
      <ScoreChips scores={scores} evaluators={evaluators} />
      <span className="grid-cell__figures small muted">
        {latency === null ? '' : formatLatency(latency)}
        {done.length > 0 ? ` · ${formatUsd(cost)}` : ''}
        {cells.length > 1 ? ` · ${done.length}/${cells.length} reps` : ''}
        {failed.length > 0 && done.length > 0 ? ` · ${failed.length} failed` : ''}
      </span>
    </button>
  );
}

/** A column's aggregates as the registry computed them over every cell of the run (not only the rows on screen). */
function AggregateCell({ columnId, aggregate, evaluators }: { columnId: string; aggregate: ColumnAggregate | undefined; evaluators: readonly EvaluatorView[] }): ReactNode {
  if (!aggregate) {
    return (
      <div className="aggregate muted small" data-aggregate={columnId} aria-busy="true">
        Loading aggregates…
      </div>
    );
  }
  const a = aggregate;
  return (
    <div className="aggregate" data-aggregate={columnId} data-completed={a.completed} data-cells={a.cells}>
      <ul className="score-chips">
        {a.scores.map((s) => {
          const name = evaluators.find((e) => e.id === s.evaluatorId)?.name ?? s.evaluatorId;
          return (
            <li key={s.evaluatorId} className="score score--summary" data-evaluator={s.evaluatorId} data-mean={s.mean ?? ''}>
              <span className="score__name">{name}</span> <span className="score__value">{s.mean === null ? '—' : s.mean.toFixed(2)}</span>
              {s.stdDevAcrossRepetitions ? <span className="muted"> ±{s.stdDevAcrossRepetitions.toFixed(2)}</span> : null}
              {s.errors > 0 ? <span className="text-danger"> ({s.errors} errors)</span> : null}
            </li>
          );
        })}
      </ul>
      <div className="small">
        p50/p95 {formatLatency(a.latencyMs.p50)} / {formatLatency(a.latencyMs.p95)} · TTFT {formatLatency(a.ttftMs.p50)}
      </div>
      <div className="small">
        Cost {formatUsd(a.costUsd.total)} (mean {a.costUsd.mean === null ? '—' : formatUsd(a.costUsd.mean)}) · tokens {a.tokens.input}/{a.tokens.output}
      </div>
      <div className="small" data-error-rate={a.errorRate ?? ''}>
        {a.completed}/{a.cells} done · errors {a.errorRate === null ? '—' : `${Math.round(a.errorRate * 100)} %`}
      </div>
    </div>
  );
}

/**
 * The run's rows × columns: a headless table (TanStack Table) whose rows are
 * virtualised (TanStack Virtual), so 1,000 rows cost the DOM of the few on screen. The
 * second header row holds each column's aggregates over the whole run, as the registry
 * serves them with the run (the rows on screen may be a subset of its cells).
 */
export function RunGrid({
  rows,
  columns,
  aggregates,
  evaluators,
  datapoints,
  onOpen,
}: {
  rows: GridRow[];
  columns: readonly ColumnView[];
  /** The run's column aggregates from the registry; undefined while the run loads. */
  aggregates: readonly ColumnAggregate[] | undefined;
  evaluators: readonly EvaluatorView[];
  datapoints: ReadonlyMap<string, DatapointView>;
  onOpen: (row: GridRow, columnId: string) => void;
}): ReactNode {
  const scroller = useRef<HTMLDivElement>(null);
  const defs = useMemo<ColumnDef<GridRow>[]>(
    () => [
      {
        id: 'row',
        header: 'Row',
        cell: ({ row }) => {
          const dp = datapoints.get(row.original.datapointId);
          const inputs = dp ? Object.entries(dp.inputs).map(([k, v]) => `${k}: ${inputText(v)}`) : [];
          return (
            <div className="grid-row-head">
              <strong>#{row.original.rowIndex + 1}</strong>
              {inputs.map((line) => (
                <div key={line} className="small clip" title={line}>
                  {line}
                </div>
              ))}
            </div>
          );
        },
      },
      {
        id: 'expected',
        header: 'Expected',
        cell: ({ row }) => {
          const expected = datapoints.get(row.original.datapointId)?.expectedOutput;
          return <span className="small clip-3">{expected ?? <span className="muted">—</span>}</span>;
        },
      },
      ...columns.map<ColumnDef<GridRow>>((column) => ({
        id: column.id,
        header: column.name,
        cell: ({ row }) => <GridCell cells={row.original.cells[column.id]} evaluators={evaluators} onOpen={() => onOpen(row.original, column.id)} label={`row ${row.original.rowIndex + 1}, ${column.name}`} />,
      })),
    ],
    [columns, datapoints, evaluators, onOpen],
  );
  const table = useReactTable({ data: rows, columns: defs, getCoreRowModel: getCoreRowModel(), getRowId: (row) => String(row.rowIndex) });
  const tableRows = table.getRowModel().rows;
  const virtualizer = useVirtualizer({ count: tableRows.length, getScrollElement: () => scroller.current, estimateSize: () => 112, overscan: 8 });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = items.length > 0 ? virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0) : 0;
  const span = defs.length;

  return (
    <div ref={scroller} className="run-grid" data-testid="run-grid" data-rows={rows.length}>
      <table className="table table--grid" aria-rowcount={rows.length + 2}>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th key={header.id} scope="col" data-column={header.column.id}>
                  {flexRender(header.column.columnDef.header, header.getContext())}
                </th>
              ))}
            </tr>
          ))}
          <tr className="grid-aggregates">
            <th scope="row" colSpan={2}>
              Column aggregates
            </th>
            {columns.map((column) => (
              <td key={column.id}>
                <AggregateCell columnId={column.id} aggregate={aggregates?.find((a) => a.columnId === column.id)} evaluators={evaluators} />
              </td>
            ))}
          </tr>
        </thead>
        <tbody>
          {padTop > 0 ? (
            <tr aria-hidden="true">
              <td colSpan={span} style={{ height: padTop, padding: 0, border: 0 }} />
            </tr>
          ) : null}
          {items.map((item) => {
            const row = tableRows[item.index]!;
            return (
              <tr key={row.id} data-index={item.index} ref={virtualizer.measureElement} aria-rowindex={item.index + 3} data-grid-row={row.original.rowIndex}>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
                ))}
              </tr>
            );
          })}
          {padBottom > 0 ? (
            <tr aria-hidden="true">
              <td colSpan={span} style={{ height: padBottom, padding: 0, border: 0 }} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
