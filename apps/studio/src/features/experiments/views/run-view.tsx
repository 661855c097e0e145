import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useCallback, useMemo, useState } from 'react';
import { useStudio } from '../../../app/studio-context';
import { ErrorState, Loading } from '../../../components/states';
import { Link, navigate, paths } from '../../../lib/router';
import { cancelRun, comparisonQuery, datapointsQuery, experimentKeys, exportPath, rerun, runQuery, runsQuery } from '../api/experiments-api';
import { type ColumnView, type EvaluatorView, FINISHED_RUN_STATUSES, type RerunRequest, type RunComparison } from '@model-garden/contracts/browser';
import { CellDialog } from '../components/cell-dialog';
import { ExperimentsTabs } from '../components/experiments-tabs';
import { RunGrid } from '../components/run-grid';
import { RunProgress, RunStatusBadge } from '../components/run-status';
import { runCellsKey, useRunCells } from '../hooks/use-run-cells';
import { type GridRow, gridRows } from '../lib/run-grid';

/** One run: live progress, the grid of answers and scores, re-runs, export, and the comparison with another run. */
export function RunView({ id, runId, query }: { id: string; runId: string; query: URLSearchParams }): ReactNode {
  const { client, notify } = useStudio();
  const queryClient = useQueryClient();
  const cellsQuery = useRunCells(client, id, runId);
  // The run (with the header's column aggregates, over all its cells) polls until the registry says it is finished,
  // so its last answer carries the final aggregates even when the cells' poll saw the end first.
  const run = useQuery({ ...runQuery(client, id, runId), refetchInterval: (q) => (q.state.data && FINISHED_RUN_STATUSES.includes(q.state.data.status) ? false : 2_000) });
  const runs = useQuery(runsQuery(client, id));
  const datapoints = useQuery({ ...datapointsQuery(client, run.data?.snapshot.datasetId ?? ''), enabled: run.data !== undefined });
  const baseline = query.get('baseline');
  // Which cell is open, by position: its content comes from the live cells, so a re-run shows as it lands.
  const [open, setOpen] = useState<{ rowIndex: number; columnId: string } | null>(null);

  const cells = useMemo(() => [...(cellsQuery.data?.cells.values() ?? [])], [cellsQuery.data]);
  const rows = useMemo(() => gridRows(cells), [cells]);
  const byId = useMemo(() => new Map((datapoints.data ?? []).map((d) => [d.id, d])), [datapoints.data]);
  const onOpen = useCallback((row: GridRow, columnId: string) => setOpen({ rowIndex: row.rowIndex, columnId }), []);

  const afterChange = async (): Promise<void> => {
    await queryClient.invalidateQueries({ queryKey: runCellsKey(id, runId) });
    await queryClient.invalidateQueries({ queryKey: experimentKeys.runs(id) });
  };
  const redo = useMutation({
    mutationFn: (body: RerunRequest) => rerun(client, id, runId, body),
    onSuccess: async (_run, body) => {
      notify(body.scope === 'failed' ? 'Re-running the failed cells.' : `Re-running this ${body.scope}.`, 'success');
      await afterChange();
    },
    onError: (error) => notify(`The re-run was refused: ${error.message}`, 'error'),
  });
  const cancel = useMutation({
    mutationFn: () => cancelRun(client, id, runId),
    onSuccess: async () => {
      notify('The run is cancelled: cells not started yet will not run.', 'info');
      await afterChange();
    },
    onError: (error) => notify(`The run could not be cancelled: ${error.message}`, 'error'),
  });

  const download = async (format: 'csv' | 'jsonl'): Promise<void> => {
    let blob: Blob;
    try {
      blob = await client.download(exportPath(id, runId, format));
    } catch (error) {
      notify(`The export failed: ${error instanceof Error ? error.message : String(error)}`, 'error');
      return;
    }
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `run-${run.data?.number ?? runId}.${format}`;
    a.click();
    URL.revokeObjectURL(url);
  };

  if (run.isPending) return <Loading label="Loading the run…" />;
  if (run.isError) return <ErrorState title="The run could not be loaded" error={run.error} onRetry={() => void run.refetch()} />;
  const snapshot = run.data.snapshot;
  const counts = cellsQuery.data?.run.counts ?? run.data.counts;
  const status = cellsQuery.data?.run.status ?? run.data.status;
  const others = (runs.data ?? []).filter((r) => r.id !== runId).sort((a, b) => b.number - a.number);
  const openRow = open ? rows.find((r) => r.rowIndex === open.rowIndex) : undefined;
  const openCells = open && openRow ? (openRow.cells[open.columnId] ?? []) : [];
  const openColumn = open ? snapshot.columns.find((c) => c.id === open.columnId) : undefined;

  return (
    <>
      <div className="page-header">
        <div>
          <h1 tabIndex={-1}>Run {run.data.number}</h1>
          <p className="muted">
            <Link to={paths.experiment(id)}>Back to the experiment</Link> · {snapshot.datasetName} (revision {snapshot.datasetRevision}, {snapshot.rowCount} rows) · {snapshot.repetitions} repetition
            {snapshot.repetitions === 1 ? '' : 's'}
          </p>
        </div>
        <div className="page-header__actions">
          <RunStatusBadge status={status} />
          {!FINISHED_RUN_STATUSES.includes(status) ? (
            <button type="button" className="button" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
              Cancel run
            </button>
          ) : null}
          {counts.failed > 0 && FINISHED_RUN_STATUSES.includes(status) ? (
            <button type="button" className="button" onClick={() => redo.mutate({ scope: 'failed' })} disabled={redo.isPending}>
              Re-run {counts.failed} failed
            </button>
          ) : null}
          <button type="button" className="button button--ghost" onClick={() => void download('csv')}>
            Export CSV
          </button>
          <button type="button" className="button button--ghost" onClick={() => void download('jsonl')}>
            Export JSONL
          </button>
        </div>
      </div>
      <ExperimentsTabs current="experiments" />
      <section className="card" aria-labelledby="progress-title">
        <h2 id="progress-title" className="sr-only">
          Progress
        </h2>
        <RunProgress counts={counts} />
        {run.data.statusMessage ? <p className="text-danger">{run.data.statusMessage}</p> : null}
        <div className="compare-pick">
          <label htmlFor="baseline">Compare with</label>{' '}
          <select id="baseline" className="input input--select input--small" value={baseline ?? ''} onChange={(e) => navigate(paths.run(id, runId, e.target.value || undefined), { replace: true })}>
            <option value="">no other run</option>
            {others.map((r) => (
              <option key={r.id} value={r.id}>
                Run {r.number} ({r.status})
              </option>
            ))}
          </select>
        </div>
      </section>
      {baseline ? (
        <Comparison id={id} runId={runId} baseline={baseline} columns={snapshot.columns} evaluators={snapshot.evaluators} onOpenRow={(rowIndex, columnId) => setOpen({ rowIndex, columnId })} />
      ) : null}
      {cellsQuery.isError ? <ErrorState title="The cells could not be loaded" error={cellsQuery.error} onRetry={() => void cellsQuery.refetch()} /> : null}
      {cellsQuery.isPending ? <Loading label="Loading cells…" /> : <RunGrid rows={rows} columns={snapshot.columns} aggregates={run.data.aggregates} evaluators={snapshot.evaluators} datapoints={byId} onOpen={onOpen} />}
      {open && openRow && openColumn ? (
        <CellDialog
          title={`Row ${open.rowIndex + 1} · ${openColumn.name}`}
          cells={openCells}
          datapoint={byId.get(openRow.datapointId)}
          evaluators={snapshot.evaluators}
          onClose={() => setOpen(null)}
          rerunning={redo.isPending}
          onRerun={(request) => redo.mutate(request)}
        />
      ) : null}
    </>
  );
}

/** Which rows got better or worse per evaluator against another run. */
function Comparison({ id, runId, baseline, columns, evaluators, onOpenRow }: { id: string; runId: string; baseline: string; columns: readonly ColumnView[]; evaluators: readonly EvaluatorView[]; onOpenRow: (rowIndex: number, columnId: string) => void }): ReactNode {
  const { client } = useStudio();
  const comparison = useQuery(comparisonQuery(client, id, runId, baseline));
  const columnName = (cid: string): string => columns.find((c) => c.id === cid)?.name ?? cid;
  const evaluatorName = (eid: string): string => evaluators.find((e) => e.id === eid)?.name ?? eid;
  if (comparison.isPending) return <Loading label="Comparing the two runs…" />;
  if (comparison.isError) return <ErrorState title="The runs could not be compared" error={comparison.error} />;
  const c: RunComparison = comparison.data;
  return (
    <section className="card" aria-labelledby="compare-title" data-testid="comparison">
      <h2 id="compare-title">Against the other run</h2>
      <table className="table table--compact">
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Evaluator</th>
            <th scope="col">Better</th>
            <th scope="col">Worse</th>
            <th scope="col">Same</th>
            <th scope="col">Not comparable</th>
          </tr>
        </thead>
        <tbody>
          {c.summary.map((s) => (
            <tr key={`${s.columnId}-${s.evaluatorId}`} data-compare={`${s.columnId}/${s.evaluatorId}`}>
              <td>{columnName(s.columnId)}</td>
              <td>{evaluatorName(s.evaluatorId)}</td>
              <td className="cap--yes" data-better={s.better}>
                {s.better}
              </td>
              <td className="cap--no" data-worse={s.worse}>
                {s.worse}
              </td>
              <td>{s.same}</td>
              <td className="muted">{s.missing}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {c.changed.length > 0 ? (
        <>
          <h3>Rows that changed</h3>
          <ul className="plain-list changed-rows">
            {c.changed.slice(0, 100).map((r) => (
              <li key={`${r.datapointId}-${r.columnId}-${r.evaluatorId}`}>
                <button type="button" className="button button--ghost button--small" onClick={() => onOpenRow(r.rowIndex, r.columnId)}>
                  Row {r.rowIndex + 1}
                </button>{' '}
                {columnName(r.columnId)} · {evaluatorName(r.evaluatorId)}: {r.baseline?.toFixed(2) ?? '—'} → {r.current?.toFixed(2) ?? '—'}{' '}
                <span className={r.delta !== null && r.delta > 0 ? 'cap--yes' : 'cap--no'}>
                  ({r.delta !== null && r.delta > 0 ? '+' : ''}
                  {r.delta?.toFixed(2) ?? '—'})
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">No row changed its score.</p>
      )}
    </section>
  );
}
