import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useStudio } from '../../../app/studio-context';
import { EmptyState, ErrorState, Loading } from '../../../components/states';
import { formatCount, formatDateTime } from '../../../lib/format';
import { Link, paths } from '../../../lib/router';
import { datasetsQuery } from '../api/experiments-api';
import { ExperimentsTabs } from '../components/experiments-tabs';
import { UploadDatasetDialog } from '../components/upload-dataset-dialog';

/** The workspace's datasets: the cases experiments run on. */
export function DatasetsListView(): ReactNode {
  const { client } = useStudio();
  const datasets = useQuery(datasetsQuery(client));
  const [uploading, setUploading] = useState(false);

  return (
    <>
      <div className="page-header">
        <div>
          <h1 tabIndex={-1}>Datasets</h1>
          <p className="muted">Your own cases: inputs, messages and the expected output, to run experiments on.</p>
        </div>
        <div className="page-header__actions">
          <button type="button" className="button button--primary" onClick={() => setUploading(true)}>
            Upload dataset
          </button>
        </div>
      </div>
      <ExperimentsTabs current="datasets" />
      {datasets.isPending ? <Loading label="Loading datasets…" /> : null}
      {datasets.isError ? <ErrorState title="Datasets could not be loaded" error={datasets.error} onRetry={() => void datasets.refetch()} /> : null}
      {datasets.data && datasets.data.length === 0 ? <EmptyState title="No datasets yet">Upload a JSONL or CSV file of your cases: a preview shows its first rows and any problem by line before anything is saved.</EmptyState> : null}
      {datasets.data && datasets.data.length > 0 ? (
        <div className="table-wrap card">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Rows</th>
                <th scope="col">Inputs</th>
                <th scope="col">Revision</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {datasets.data.map((d) => (
                <tr key={d.id} data-dataset={d.name}>
                  <th scope="row">
                    <Link to={paths.dataset(d.id)}>{d.name}</Link>
                    {d.description ? <div className="muted small">{d.description}</div> : null}
                  </th>
                  <td>{formatCount(d.rowCount)}</td>
                  <td className="mono small">{d.inputKeys.join(', ') || '—'}</td>
                  <td>{d.revision}</td>
                  <td className="small">{formatDateTime(d.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <UploadDatasetDialog open={uploading} onClose={() => setUploading(false)} into={null} />
    </>
  );
}
