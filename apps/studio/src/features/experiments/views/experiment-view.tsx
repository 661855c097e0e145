import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useStudio } from '../../../app/studio-context';
import { ErrorState, Loading } from '../../../components/states';
import { formatDateTime } from '../../../lib/format';
import { Link, navigate, paths } from '../../../lib/router';
import { datasetQuery, experimentKeys, experimentQuery, runsQuery, startRun } from '../api/experiments-api';
import { FINISHED_RUN_STATUSES } from '@model-garden/contracts/browser';
import { ExperimentsTabs } from '../components/experiments-tabs';
import { RunProgress, RunStatusBadge } from '../components/run-status';

/** One experiment: its set-up and its runs (start one, open one, compare two). */
export function ExperimentView({ id }: { id: string }): ReactNode {
  const { client, notify } = useStudio();
  const queryClient = useQueryClient();
  const experiment = useQuery(experimentQuery(client, id));
  const runs = useQuery({ ...runsQuery(client, id), refetchInterval: (q) => ((q.state.data ?? []).some((r) => !FINISHED_RUN_STATUSES.includes(r.status)) ? 2_000 : false) });
  const dataset = useQuery({ ...datasetQuery(client, experiment.data?.datasetId ?? ''), enabled: experiment.data !== undefined });

  const start = useMutation({
    mutationFn: () => startRun(client, id),
    onSuccess: async (run) => {
      await queryClient.invalidateQueries({ queryKey: experimentKeys.runs(id) });
      notify(`Run ${run.number} started.`, 'success');
      navigate(paths.run(id, run.id));
    },
    onError: (error) => notify(`The run could not start: ${error.message}`, 'error'),
  });

  if (experiment.isPending) return <Loading label="Loading the experiment…" />;
  if (experiment.isError) return <ErrorState title="The experiment could not be loaded" error={experiment.error} onRetry={() => void experiment.refetch()} />;
  const e = experiment.data;
  const list = [...(runs.data ?? [])].sort((a, b) => b.number - a.number);

  return (
    <>
      <div className="page-header">
        <div>
          <h1 tabIndex={-1}>{e.name}</h1>
          <p className="muted">
            On <Link to={paths.dataset(e.datasetId)}>{dataset.data?.name ?? 'its dataset'}</Link> · {e.columns.length} columns · {e.repetitions} repetition{e.repetitions === 1 ? '' : 's'} · {e.evaluatorIds.length} evaluator
            {e.evaluatorIds.length === 1 ? '' : 's'}
          </p>
        </div>
        <div className="page-header__actions">
          <button type="button" className="button button--primary" onClick={() => start.mutate()} disabled={start.isPending}>
            {start.isPending ? 'Starting…' : 'Start a run'}
          </button>
        </div>
      </div>
      <ExperimentsTabs current="experiments" />
      <section className="card" aria-labelledby="columns-title">
        <h2 id="columns-title">Columns</h2>
        <ul>
          {e.columns.map((c) => (
            <li key={c.id}>
              <strong>{c.name}</strong>: {c.kind === 'model' ? <span className="mono">{c.model}</span> : <span className="mono">deployment {c.deployment}{c.context ? ` ${JSON.stringify(c.context)}` : ''}</span>}
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="runs-title">
        <h2 id="runs-title">Runs</h2>
        {runs.isPending ? <Loading label="Loading runs…" /> : null}
        {list.length === 0 && !runs.isPending ? <p className="muted">No run yet: start one.</p> : null}
        {list.length > 0 ? (
          <table className="table table--compact">
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Status</th>
                <th scope="col">Progress</th>
                <th scope="col">Started</th>
                <th scope="col">Compare</th>
              </tr>
            </thead>
            <tbody>
              {list.map((r, i) => (
                <tr key={r.id} data-run={r.number}>
                  <th scope="row">
                    <Link to={paths.run(id, r.id)}>Run {r.number}</Link>
                  </th>
                  <td>
                    <RunStatusBadge status={r.status} />
                  </td>
                  <td>
                    <RunProgress counts={r.counts} />
                  </td>
                  <td className="small">{formatDateTime(r.startedAt ?? r.createdAt)}</td>
                  <td>{list[i + 1] ? <Link to={paths.run(id, r.id, list[i + 1]!.id)}>with run {list[i + 1]!.number}</Link> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </>
  );
}
