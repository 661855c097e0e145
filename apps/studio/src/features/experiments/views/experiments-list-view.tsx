import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useStudio } from '../../../app/studio-context';
import { EmptyState, ErrorState, Loading } from '../../../components/states';
import { formatDateTime } from '../../../lib/format';
import { Link, paths } from '../../../lib/router';
import { datasetsQuery, experimentsQuery } from '../api/experiments-api';
import { ExperimentsTabs } from '../components/experiments-tabs';

/** The workspace's experiments: which dataset, which columns, the last run. */
export function ExperimentsListView(): ReactNode {
  const { client } = useStudio();
  const experiments = useQuery(experimentsQuery(client));
  const datasets = useQuery(datasetsQuery(client));
  const datasetName = (id: string): string => datasets.data?.find((d) => d.id === id)?.name ?? '…';

  return (
    <>
      <div className="page-header">
        <div>
          <h1 tabIndex={-1}>Experiments</h1>
          <p className="muted">Run your cases against several models, prompts or deployment variants; compare quality, latency and cost.</p>
        </div>
        <div className="page-header__actions">
          <Link to={paths.newExperiment()} className="button button--primary">
            New experiment
          </Link>
        </div>
      </div>
      <ExperimentsTabs current="experiments" />
      {experiments.isPending ? <Loading label="Loading experiments…" /> : null}
      {experiments.isError ? <ErrorState title="Experiments could not be loaded" error={experiments.error} onRetry={() => void experiments.refetch()} /> : null}
      {experiments.data && experiments.data.length === 0 ? <EmptyState title="No experiments yet">Upload a dataset, then build an experiment: models or deployments as columns, evaluators to score each answer.</EmptyState> : null}
      {experiments.data && experiments.data.length > 0 ? (
        <div className="table-wrap card">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Dataset</th>
                <th scope="col">Columns</th>
                <th scope="col">Repetitions</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {experiments.data.map((e) => (
                <tr key={e.id} data-experiment={e.name}>
                  <th scope="row">
                    <Link to={paths.experiment(e.id)}>{e.name}</Link>
                  </th>
                  <td>
                    <Link to={paths.dataset(e.datasetId)}>{datasetName(e.datasetId)}</Link>
                  </td>
                  <td className="small">{e.columns.map((c) => c.name).join(', ')}</td>
                  <td>{e.repetitions}</td>
                  <td className="small">{formatDateTime(e.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
