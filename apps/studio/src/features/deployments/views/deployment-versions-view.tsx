import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useStudio } from '../../../app/studio-context';
import { Dialog } from '../../../components/dialog';
import { ErrorState, Loading } from '../../../components/states';
import { formatDateTime } from '../../../lib/format';
import { navigate, paths } from '../../../lib/router';
import { deploymentKeys, restoreVersion, versionQuery, versionsQuery } from '../api/deployments-api';
import { DEPLOYMENT_RULES, type DeploymentVersionView } from '@model-garden/contracts/browser';
import { DeploymentTabs } from '../components/deployment-tabs';
import { diffVersions } from '../lib/version-diff';

/** What a version configures, without who published it and when (the diff compares configurations). */
const configOf = (v: DeploymentVersionView): { variants: DeploymentVersionView['variants']; routing: DeploymentVersionView['routing'] } => ({ variants: v.variants, routing: v.routing });

/** The history of a deployment: every version, a diff between any two, and restore. */
export function DeploymentVersionsView({ deploymentKey, query }: { deploymentKey: string; query: URLSearchParams }): ReactNode {
  const { client, notify } = useStudio();
  const queryClient = useQueryClient();
  const versions = useQuery(versionsQuery(client, deploymentKey));
  const [restoring, setRestoring] = useState<number | null>(null);
  const [note, setNote] = useState('');

  const list = versions.data ?? [];
  const newest = list.reduce((max, v) => Math.max(max, v.version), 0);
  const from = Number(query.get('from') ?? newest - 1);
  const to = Number(query.get('to') ?? newest);
  const setPair = (a: number, b: number): void => navigate(`${paths.deploymentVersions(deploymentKey)}?from=${a}&to=${b}`, { replace: true });

  const restore = useMutation({
    mutationFn: (n: number) => restoreVersion(client, deploymentKey, n, note.trim() || undefined),
    onSuccess: async (saved, n) => {
      setRestoring(null);
      setNote('');
      queryClient.setQueryData(deploymentKeys.one(saved.key), saved);
      await queryClient.invalidateQueries({ queryKey: deploymentKeys.all });
      notify(`Version ${n} restored as version ${saved.currentVersion}: it is live.`, 'success');
      setPair(n, saved.currentVersion);
    },
    onError: (error) => {
      setRestoring(null);
      notify(`The restore failed: ${error.message}`, 'error');
    },
  });

  return (
    <>
      <div className="page-header">
        <div>
          <h1 tabIndex={-1}>
            Versions of <span className="mono">{deploymentKey}</span>
          </h1>
          <p className="muted">Versions are never edited; restoring one publishes a copy of it as the newest version.</p>
        </div>
      </div>
      <DeploymentTabs deploymentKey={deploymentKey} current="versions" />
      {versions.isPending ? <Loading label="Loading versions…" /> : null}
      {versions.isError ? <ErrorState title="The versions could not be loaded" error={versions.error} onRetry={() => void versions.refetch()} /> : null}
      {versions.data ? (
        <div className="versions-layout">
          <section className="card" aria-labelledby="versions-title">
            <h2 id="versions-title">History</h2>
            <table className="table table--compact table--versions">
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Published</th>
                  <th scope="col">Note</th>
                  <th scope="col">Compare</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((v) => (
                  <tr key={v.version} data-version={v.version} aria-current={v.current ? 'true' : undefined}>
                    <th scope="row">
                      v{v.version}
                      {v.current ? <span className="chip chip--yes"> current</span> : null}
                    </th>
                    <td className="small">
                      {formatDateTime(v.publishedAt)}
                      <div className="muted mono">{v.publishedBy}</div>
                    </td>
                    <td className="small">
                      {v.note ?? <span className="muted">—</span>}
                      {v.restoredFrom ? <div className="muted">restored from v{v.restoredFrom}</div> : null}
                    </td>
                    <td className="small nowrap">
                      <label>
                        <input type="radio" name="diff-from" checked={from === v.version} onChange={() => setPair(v.version, to)} aria-label={`Compare from version ${v.version}`} /> from
                      </label>{' '}
                      <label>
                        <input type="radio" name="diff-to" checked={to === v.version} onChange={() => setPair(from, v.version)} aria-label={`Compare to version ${v.version}`} /> to
                      </label>
                    </td>
                    <td>
                      {v.current ? null : (
                        <button type="button" className="button button--small" onClick={() => setRestoring(v.version)}>
                          Restore v{v.version}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          {from >= 1 && to >= 1 && from !== to ? <VersionDiff deploymentKey={deploymentKey} from={from} to={to} /> : <p className="muted">Choose two different versions to compare.</p>}
        </div>
      ) : null}
      <Dialog open={restoring !== null} title={`Restore version ${restoring ?? ''}`} onClose={() => setRestoring(null)}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (restoring !== null) restore.mutate(restoring);
          }}
        >
          <p>
            Version {restoring} is published again as version {newest + 1} and serves new calls at once. Nothing is deleted.
          </p>
          <div className="field">
            <label className="field__label" htmlFor="restore-note">
              Note <span className="field__optional">(optional)</span>
            </label>
            <textarea id="restore-note" className="input input--textarea" rows={2} maxLength={DEPLOYMENT_RULES.restoreNote.length.max} value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <div className="dialog__actions">
            <button type="button" className="button button--ghost" onClick={() => setRestoring(null)}>
              Cancel
            </button>
            <button type="submit" className="button button--primary" disabled={restore.isPending}>
              {restore.isPending ? 'Restoring…' : `Restore v${restoring ?? ''}`}
            </button>
          </div>
        </form>
      </Dialog>
    </>
  );
}

function VersionDiff({ deploymentKey, from, to }: { deploymentKey: string; from: number; to: number }): ReactNode {
  const { client } = useStudio();
  const before = useQuery(versionQuery(client, deploymentKey, from));
  const after = useQuery(versionQuery(client, deploymentKey, to));
  if (before.isPending || after.isPending) return <Loading label="Loading the two versions…" />;
  if (before.isError) return <ErrorState title={`Version ${from} could not be loaded`} error={before.error} />;
  if (after.isError) return <ErrorState title={`Version ${to} could not be loaded`} error={after.error} />;
  const diff = diffVersions(configOf(before.data), configOf(after.data));
  return (
    <section className="card" aria-labelledby="diff-title" data-testid="version-diff">
      <h2 id="diff-title">
        v{from} → v{to}
      </h2>
      <p className="small" data-diff-summary>
        {diff.added === 0 && diff.removed === 0 ? (
          'The two versions configure the same thing.'
        ) : (
          <>
            <span className="diff-added-count">+{diff.added}</span> <span className="diff-removed-count">−{diff.removed}</span> lines
          </>
        )}
      </p>
      <div className="diff" role="table" aria-label={`Changes from version ${from} to version ${to}`}>
        {diff.rows.map((row, i) =>
          row.kind === 'fold' ? (
            <div key={i} className="diff__fold" role="row">
              <span role="cell">⋯ {row.count} unchanged lines</span>
            </div>
          ) : (
            <div key={i} className={`diff__row diff__row--${row.kind}`} role="row" data-kind={row.kind}>
              <span className="diff__num" role="cell">
                {row.oldLine ?? ''}
              </span>
              <span className="diff__num" role="cell">
                {row.newLine ?? ''}
              </span>
              <span className="diff__sign" role="cell" aria-label={row.kind === 'added' ? 'added' : row.kind === 'removed' ? 'removed' : 'unchanged'}>
                {row.kind === 'added' ? '+' : row.kind === 'removed' ? '−' : ' '}
              </span>
              <code className="diff__text" role="cell">
                {row.text}
              </code>
            </div>
          ),
        )}
      </div>
    </section>
  );
}
