import { type CurrentWorkspaceView, REGIONS, type Region, type UpdateWorkspaceSettingsBody } from '@model-garden/contracts/browser';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { ApiError } from '../../api/registry-client';
import { useStudio } from '../../app/studio-context';
import { ErrorState, Loading } from '../../components/states';
import { regionLabel } from '../../lib/format';
import { regionsInWords } from './region-policy';
import { workspaceQuery } from './workspace-queries';

/**
 * The workspace's own settings: today its region policy. Which regions' models the
 * workspace may use (every call, fallback, deployment and experiment is held to it), and
 * whether the key in use is limited further. Saving needs a key with `api-keys:manage`.
 */
export function WorkspaceSettingsView(): ReactNode {
  const { client } = useStudio();
  const workspace = useQuery(workspaceQuery(client));
  return (
    <>
      <div className="page-header">
        <div>
          <h1 tabIndex={-1}>Workspace settings</h1>
          <p className="muted">{workspace.data ? `${workspace.data.name} (${workspace.data.slug})` : 'The settings of the workspace of this API key.'}</p>
        </div>
      </div>
      {workspace.isPending ? <Loading label="Loading the workspace…" /> : null}
      {workspace.isError ? <ErrorState title="The workspace could not be loaded" error={workspace.error} onRetry={() => void workspace.refetch()} /> : null}
      {workspace.data ? <RegionPolicyForm key={workspace.data.updatedAt} workspace={workspace.data} /> : null}
    </>
  );
}

function RegionPolicyForm({ workspace }: { workspace: CurrentWorkspaceView }): ReactNode {
  const { client, notify } = useStudio();
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<Region[]>(workspace.allowedRegions ?? [...REGIONS]);
  const [problem, setProblem] = useState<string | null>(null);
  const keyRegions = workspace.apiKey.allowedRegions;

  const save = useMutation({
    mutationFn: (body: UpdateWorkspaceSettingsBody) => client.call<CurrentWorkspaceView>('PATCH', '/v1/workspace', { body }),
    onSuccess: async (saved) => {
      setProblem(null);
      queryClient.setQueryData(workspaceQuery(client).queryKey, saved);
      await queryClient.invalidateQueries({ queryKey: ['models'] });
      notify(`Allowed regions saved: ${regionsInWords(saved.allowedRegions)}.`, 'success');
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 403) setProblem('This API key cannot change workspace settings: it needs the api-keys:manage scope.');
      else setProblem(error instanceof ApiError && error.details[0] ? error.details[0].message : error.message);
    },
  });

  const toggle = (region: Region, on: boolean): void => setChosen((current) => REGIONS.filter((r) => (r === region ? on : current.includes(r))));
  const every = chosen.length === REGIONS.length;
  const submit = (): void => {
    if (chosen.length === 0) {
      setProblem('Choose at least one region: a workspace that allows none could not call any model.');
      return;
    }
    save.mutate({ allowedRegions: every ? null : chosen });
  };

  return (
    <section className="card" aria-labelledby="region-policy">
      <h2 id="region-policy">Allowed regions</h2>
      <p className="muted">
        Models run in a region. Teams whose data must stay in Europe allow only Europe: then no call, fallback, deployment or experiment of this workspace can use a model that
        runs elsewhere, and the studio marks such models.
      </p>
      <p data-testid="region-policy-summary">
        Now: <strong>{workspace.allowedRegions ? `only ${regionsInWords(workspace.allowedRegions)}` : 'every region'}</strong>.
        {keyRegions ? (
          <>
            {' '}
            The API key you are using is limited further to <strong>{regionsInWords(keyRegions)}</strong>, so you may use {regionsInWords(workspace.apiKey.effectiveRegions)}.
          </>
        ) : null}
      </p>
      <fieldset className="field">
        <legend className="field__label">Models may run in</legend>
        <ul className="plain-list">
          {REGIONS.map((region) => (
            <li key={region}>
              <label>
                <input type="checkbox" checked={chosen.includes(region)} onChange={(e) => toggle(region, e.target.checked)} /> {regionLabel(region)} <span className="muted small mono">({region})</span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      {problem ? (
        <p className="field__error" role="alert" data-testid="region-policy-problem">
          <span aria-hidden="true">⚠ </span>
          {problem}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="button" className="button button--primary" onClick={submit} disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save allowed regions'}
        </button>
      </div>
    </section>
  );
}
