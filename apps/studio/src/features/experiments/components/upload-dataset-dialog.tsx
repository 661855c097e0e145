import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { ApiError } from '../../../api/registry-client';
import { useStudio } from '../../../app/studio-context';
import { Dialog } from '../../../components/dialog';
import { navigate, paths } from '../../../lib/router';
import { createDataset, deleteDataset, experimentKeys, importDatasetFile } from '../api/experiments-api';
import { DATASET_RULES, type DatasetImportMode, type DatasetView, MAX_DATASET_ROWS } from '@model-garden/contracts/browser';
import { parseCsvInBrowser } from '../lib/csv-browser';
import { type DatasetPreview, formatOf, previewDataset } from '../lib/dataset-preview';
import { DatapointCells, datapointHeaders } from './datapoint-cells';

/**
 * Uploads a JSONL or CSV file: as a new dataset, or into an existing one (append or
 * replace). The file is read in the browser first: its first rows and every problem
 * by line show before anything is sent; the registry checks it again and refuses it whole.
 */
export function UploadDatasetDialog({ open, onClose, into }: { open: boolean; onClose: () => void; into: DatasetView | null }): ReactNode {
  const { client, notify } = useStudio();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<DatasetPreview | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [mode, setMode] = useState<DatasetImportMode>('append');
  const [serverError, setServerError] = useState<ApiError | null>(null);

  const reset = (): void => {
    setName('');
    setDescription('');
    setFile(null);
    setPreview(null);
    setFileError(null);
    setServerError(null);
  };

  const choose = async (chosen: File | null): Promise<void> => {
    setFile(chosen);
    setPreview(null);
    setServerError(null);
    if (!chosen) return;
    const format = formatOf(chosen.name);
    if (!format) {
      setFileError('Choose a .jsonl (one JSON object per line) or .csv file (a header row, then one row per datapoint).');
      return;
    }
    setFileError(null);
    if (!into && name === '') setName(chosen.name.replace(/\.(jsonl|ndjson|json|csv)$/i, ''));
    setPreview(previewDataset(await chosen.text(), format, parseCsvInBrowser));
  };

  const upload = useMutation({
    mutationFn: async () => {
      if (!file || !preview) throw new Error('Choose a file first.');
      if (into) return { dataset: (await importDatasetFile(client, into.id, file, preview.format, mode)).dataset, created: false };
      const dataset = await createDataset(client, { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) });
      try {
        return { dataset: (await importDatasetFile(client, dataset.id, file, preview.format, 'append')).dataset, created: true };
      } catch (error) {
        // Nothing half-made: the new, empty dataset goes with the refused file.
        await deleteDataset(client, dataset.id).catch(() => undefined);
        throw error;
      }
    },
    onSuccess: async ({ dataset, created }) => {
      await queryClient.invalidateQueries({ queryKey: experimentKeys.datasets });
      notify(`${dataset.name}: ${dataset.rowCount} rows (revision ${dataset.revision}).`, 'success');
      reset();
      onClose();
      if (created) navigate(paths.dataset(dataset.id));
    },
    onError: (error) => setServerError(error instanceof ApiError ? error : new ApiError(0, 'error', error.message)),
  });

  const headers = preview ? datapointHeaders(preview.rows) : [];
  const blocked = !file || !preview || preview.problemCount > 0 || (!into && name.trim() === '');

  return (
    <Dialog
      open={open}
      title={into ? `Import into ${into.name}` : 'Upload a dataset'}
      onClose={() => {
        reset();
        onClose();
      }}
    >
      <form
        className="upload-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!blocked) upload.mutate();
        }}
      >
        {into ? null : (
          <div className="form-grid">
            <div className="field">
              <label className="field__label" htmlFor="dataset-name">
                Name
              </label>
              <input id="dataset-name" className="input" value={name} maxLength={DATASET_RULES.name.length.max} onChange={(e) => setName(e.target.value)} required />
            </div>
            <div className="field">
              <label className="field__label" htmlFor="dataset-description">
                Description <span className="field__optional">(optional)</span>
              </label>
              <input id="dataset-description" className="input" value={description} maxLength={DATASET_RULES.description.length.max} onChange={(e) => setDescription(e.target.value)} />
            </div>
          </div>
        )}
        <div className="field">
          <label className="field__label" htmlFor="dataset-file">
            File (.jsonl or .csv, up to {MAX_DATASET_ROWS.toLocaleString('en-US')} rows)
          </label>
          <input id="dataset-file" type="file" accept=".jsonl,.ndjson,.json,.csv,text/csv,application/x-ndjson" onChange={(e) => void choose(e.target.files?.[0] ?? null)} />
          <p className="field__hint">
            JSONL: one object per line with <span className="mono">inputs</span>, <span className="mono">messages</span>, <span className="mono">expectedOutput</span>, <span className="mono">metadata</span>. CSV: a column per input
            (or <span className="mono">input.&lt;name&gt;</span>), <span className="mono">expected_output</span>, <span className="mono">messages</span> (JSON), <span className="mono">metadata.&lt;name&gt;</span>.
          </p>
          {fileError ? <p className="field__error">{fileError}</p> : null}
        </div>
        {into ? (
          <fieldset className="field">
            <legend className="field__label">Rows</legend>
            <label>
              <input type="radio" name="import-mode" checked={mode === 'append'} onChange={() => setMode('append')} /> Append after the {into.rowCount} rows
            </label>{' '}
            <label>
              <input type="radio" name="import-mode" checked={mode === 'replace'} onChange={() => setMode('replace')} /> Replace every row
            </label>
          </fieldset>
        ) : null}
        {preview ? (
          <div className="upload-preview" data-testid="upload-preview">
            <p className="small">
              {preview.rowCount} rows read ({preview.format.toUpperCase()}).{' '}
              {preview.problemCount === 0 ? <span className="cap--yes">No problems found.</span> : <span className="text-danger">{preview.problemCount} problem{preview.problemCount === 1 ? '' : 's'}: nothing can be imported until they are fixed.</span>}
            </p>
            {preview.problems.length > 0 ? (
              <ul className="problem-list" data-testid="upload-problems">
                {preview.problems.map((p, i) => (
                  <li key={i} className="field__error">
                    {p.message.startsWith(p.field) ? p.message : `${p.field}: ${p.message}`}
                  </li>
                ))}
              </ul>
            ) : null}
            {preview.rows.length > 0 ? (
              <div className="table-wrap">
                <table className="table table--compact">
                  <caption className="small muted">The first {preview.rows.length} valid rows</caption>
                  <thead>
                    <tr>
                      <th scope="col">#</th>
                      {headers.map((h) => (
                        <th scope="col" key={h.key}>
                          {h.label}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {preview.rows.map((row, i) => (
                      <tr key={i}>
                        <td>{i + 1}</td>
                        <DatapointCells datapoint={row} headers={headers} />
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </div>
        ) : null}
        {serverError ? (
          <div className="state state--error" role="alert">
            <p>{serverError.message}</p>
            {serverError.details.length > 0 ? (
              <ul>
                {serverError.details.map((d, i) => (
                  <li key={i}>{d.message}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        <div className="dialog__actions">
          <button
            type="button"
            className="button button--ghost"
            onClick={() => {
              reset();
              onClose();
            }}
          >
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={blocked || upload.isPending}>
            {upload.isPending ? 'Uploading…' : into ? 'Import' : 'Create dataset'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
