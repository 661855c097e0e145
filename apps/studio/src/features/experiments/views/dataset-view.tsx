import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { ApiError } from '../../../api/registry-client';
import { useStudio } from '../../../app/studio-context';
import { Dialog } from '../../../components/dialog';
import { ErrorState, Loading } from '../../../components/states';
import { formatCount } from '../../../lib/format';
import { datapointsQuery, datasetQuery, experimentKeys, replaceDatapoint } from '../api/experiments-api';
import { type DatapointInput, type DatapointView, datapointProblems } from '@model-garden/contracts/browser';
import { DatapointCells, datapointHeaders } from '../components/datapoint-cells';
import { ExperimentsTabs } from '../components/experiments-tabs';
import { UploadDatasetDialog } from '../components/upload-dataset-dialog';

const PAGE = 100;

/** One dataset: its rows (a page at a time), editing a row, importing more. */
export function DatasetView({ id }: { id: string }): ReactNode {
  const { client } = useStudio();
  const dataset = useQuery(datasetQuery(client, id));
  const rows = useQuery(datapointsQuery(client, id));
  const [page, setPage] = useState(0);
  const [editing, setEditing] = useState<DatapointView | null>(null);
  const [importing, setImporting] = useState(false);

  if (dataset.isPending) return <Loading label="Loading the dataset…" />;
  if (dataset.isError) return <ErrorState title="The dataset could not be loaded" error={dataset.error} onRetry={() => void dataset.refetch()} />;
  const d = dataset.data;
  const all = rows.data ?? [];
  const shown = all.slice(page * PAGE, (page + 1) * PAGE);
  const headers = datapointHeaders(all);
  const pages = Math.max(1, Math.ceil(all.length / PAGE));

  return (
    <>
      <div className="page-header">
        <div>
          <h1 tabIndex={-1}>{d.name}</h1>
          <p className="muted">
            {formatCount(d.rowCount)} rows · revision {d.revision}
            {d.description ? ` · ${d.description}` : ''}
          </p>
        </div>
        <div className="page-header__actions">
          <button type="button" className="button" onClick={() => setImporting(true)}>
            Import a file
          </button>
        </div>
      </div>
      <ExperimentsTabs current="datasets" />
      {rows.isPending ? <Loading label="Loading rows…" /> : null}
      {rows.isError ? <ErrorState title="The rows could not be loaded" error={rows.error} onRetry={() => void rows.refetch()} /> : null}
      {rows.data ? (
        <section className="card" aria-labelledby="rows-title">
          <h2 id="rows-title">Rows</h2>
          <div className="table-wrap">
            <table className="table table--compact table--datapoints">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  {headers.map((h) => (
                    <th scope="col" key={h.key}>
                      {h.label}
                    </th>
                  ))}
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.map((row) => (
                  <tr key={row.id} data-row={row.position}>
                    <td>{row.position + 1}</td>
                    <DatapointCells datapoint={row} headers={headers} />
                    <td>
                      <button type="button" className="button button--ghost button--small" onClick={() => setEditing(row)}>
                        Edit row {row.position + 1}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {pages > 1 ? (
            <div className="pager">
              <button type="button" className="button button--small" disabled={page === 0} onClick={() => setPage(page - 1)}>
                Previous
              </button>
              <span className="small">
                Page {page + 1} of {pages}
              </span>
              <button type="button" className="button button--small" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
                Next
              </button>
            </div>
          ) : null}
        </section>
      ) : null}
      {editing ? <EditRowDialog key={editing.id} datasetId={id} row={editing} onClose={() => setEditing(null)} /> : null}
      <UploadDatasetDialog open={importing} onClose={() => setImporting(false)} into={d} />
    </>
  );
}

const pretty = (value: unknown): string => JSON.stringify(value, null, 2);

/** Edits one row: its inputs, messages, expected output and metadata (a new dataset revision; old runs keep theirs). */
function EditRowDialog({ datasetId, row, onClose }: { datasetId: string; row: DatapointView; onClose: () => void }): ReactNode {
  const { client, notify } = useStudio();
  const queryClient = useQueryClient();
  const [inputs, setInputs] = useState(pretty(row.inputs));
  const [messages, setMessages] = useState(row.messages ? pretty(row.messages) : '');
  const [expected, setExpected] = useState(row.expectedOutput ?? '');
  const [metadata, setMetadata] = useState(pretty(row.metadata));
  const [problems, setProblems] = useState<string[]>([]);

  const save = useMutation({
    mutationFn: (body: DatapointInput) => replaceDatapoint(client, datasetId, row.id, body),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: experimentKeys.dataset(datasetId) });
      await queryClient.invalidateQueries({ queryKey: experimentKeys.datasets });
      notify(`Row ${row.position + 1} saved.`, 'success');
      onClose();
    },
    onError: (error) => setProblems(error instanceof ApiError && error.details.length > 0 ? error.details.map((d) => d.message) : [error.message]),
  });

  const submit = (): void => {
    const found: string[] = [];
    const parse = (text: string, field: string): unknown => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        found.push(`${field} is not valid JSON.`);
        return undefined;
      }
    };
    const body: DatapointInput = {
      inputs: parse(inputs || '{}', 'inputs') as DatapointInput['inputs'],
      messages: messages.trim() === '' ? null : (parse(messages, 'messages') as DatapointInput['messages']),
      expectedOutput: expected === '' ? null : expected,
      metadata: parse(metadata || '{}', 'metadata') as DatapointInput['metadata'],
    };
    if (found.length === 0) found.push(...datapointProblems(body).map((p) => p.message));
    setProblems(found);
    if (found.length === 0) save.mutate(body);
  };

  return (
    <Dialog open title={`Edit row ${row.position + 1}`} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <div className="field">
          <label className="field__label" htmlFor="row-inputs">
            Inputs (JSON object of variables)
          </label>
          <textarea id="row-inputs" className="input input--textarea mono" rows={5} value={inputs} onChange={(e) => setInputs(e.target.value)} />
        </div>
        <div className="field">
          <label className="field__label" htmlFor="row-expected">
            Expected output <span className="field__optional">(optional)</span>
          </label>
          <textarea id="row-expected" className="input input--textarea" rows={3} value={expected} onChange={(e) => setExpected(e.target.value)} />
        </div>
        <div className="field">
          <label className="field__label" htmlFor="row-messages">
            Messages <span className="field__optional">(optional JSON array of {'{role, content}'})</span>
          </label>
          <textarea id="row-messages" className="input input--textarea mono" rows={3} value={messages} onChange={(e) => setMessages(e.target.value)} />
        </div>
        <div className="field">
          <label className="field__label" htmlFor="row-metadata">
            Metadata (JSON object)
          </label>
          <textarea id="row-metadata" className="input input--textarea mono" rows={2} value={metadata} onChange={(e) => setMetadata(e.target.value)} />
        </div>
        {problems.length > 0 ? (
          <ul className="problem-list" role="alert">
            {problems.map((p) => (
              <li key={p} className="field__error">
                {p}
              </li>
            ))}
          </ul>
        ) : null}
        <div className="dialog__actions">
          <button type="button" className="button button--ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save row'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
