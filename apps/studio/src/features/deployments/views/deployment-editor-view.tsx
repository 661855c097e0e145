import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { ApiError } from '../../../api/registry-client';
import { useStudio } from '../../../app/studio-context';
import { Dialog } from '../../../components/dialog';
import { ErrorState, Loading } from '../../../components/states';
import { Switch } from '../../../components/switch';
import { navigate, paths } from '../../../lib/router';
import { createDeployment, deploymentKeys, deploymentQuery, invalidateDeploymentCache, publishDeployment } from '../api/deployments-api';
import { DEPLOYMENT_RULES, type DeploymentView, RESPONSE_CACHE } from '@model-garden/contracts/browser';
import { DeploymentTabs } from '../components/deployment-tabs';
import { declareUsed } from '../components/messages-editor';
import { RoutingTable } from '../components/routing-table';
import { VariantEditor } from '../components/variant-editor';
import { type DeploymentDraft, type FieldProblem, draftFromVersion, draftToBody, keyProblem, newDeploymentDraft, newVariant } from '../lib/deployment-form';
import { groupProblems } from '../lib/problems';
import { RegionRefusalNote } from '../../workspace-settings/region-refusal-note';

/** A new deployment. */
export function NewDeploymentView(): ReactNode {
  return <DeploymentEditor initial={newDeploymentDraft()} existing={null} />;
}

/** The current version of a deployment, to edit and publish as the next one. */
export function EditDeploymentView({ deploymentKey }: { deploymentKey: string }): ReactNode {
  const { client } = useStudio();
  const deployment = useQuery(deploymentQuery(client, deploymentKey));
  if (deployment.isPending) return <Loading label="Loading the deployment…" />;
  if (deployment.isError) return <ErrorState title="The deployment could not be loaded" error={deployment.error} onRetry={() => void deployment.refetch()} />;
  // Keyed by version: a publish elsewhere gives a fresh editor rather than a silent mix.
  return <DeploymentEditor key={deployment.data.currentVersion} initial={draftFromVersion(deployment.data.key, deployment.data.description, deployment.data.current)} existing={deployment.data} />;
}

/** What stops a publish, by field path: the draft's own rules, and the key of a new deployment. */
function problemsOf(draft: DeploymentDraft, existing: DeploymentView | null): FieldProblem[] {
  const keyError = existing ? null : keyProblem(draft.key);
  const declared: DeploymentDraft = { ...draft, variants: draft.variants.map((v) => ({ ...v, variables: declareUsed(v) })) };
  return [...(keyError ? [{ path: 'key', message: keyError }] : []), ...draftToBody(declared).problems];
}

function DeploymentEditor({ initial, existing }: { initial: DeploymentDraft; existing: DeploymentView | null }): ReactNode {
  const { client, notify } = useStudio();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(initial);
  // After a first attempt to publish, the problems follow the draft as it is fixed.
  const [attempted, setAttempted] = useState(false);
  const [serverError, setServerError] = useState<ApiError | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [note, setNote] = useState('');
  const [keyTouched, setKeyTouched] = useState(false);

  const [confirmingInvalidate, setConfirmingInvalidate] = useState(false);

  const problems = attempted ? problemsOf(draft, existing) : [];
  const invalidate = useMutation({
    mutationFn: () => invalidateDeploymentCache(client, existing!.key),
    onSuccess: (result) => {
      setConfirmingInvalidate(false);
      notify(`${result.key}: every cached answer is a miss from now on.`, 'success');
    },
    onError: (error: Error) => {
      setConfirmingInvalidate(false);
      notify(`The cache could not be invalidated: ${error.message}`, 'error');
    },
  });
  const publish = useMutation({
    mutationFn: async () => {
      const { body } = draftToBody(draft);
      const withNote = { ...body, ...(note.trim() ? { note: note.trim() } : {}) };
      return existing ? publishDeployment(client, existing.key, withNote) : createDeployment(client, { key: draft.key, ...withNote });
    },
    onSuccess: async (saved) => {
      queryClient.setQueryData(deploymentKeys.one(saved.key), saved);
      await queryClient.invalidateQueries({ queryKey: deploymentKeys.all });
      notify(`${saved.key}: version ${saved.currentVersion} is live.`, 'success');
      navigate(paths.deployment(saved.key));
    },
    onError: (error: Error) => {
      setConfirming(false);
      setServerError(error instanceof ApiError ? error : new ApiError(0, 'error', error.message));
    },
  });

  const grouped = groupProblems(problems, serverError?.details ?? []);
  const keyError = existing ? null : keyTouched || problems.length > 0 ? keyProblem(draft.key) : null;
  const setVariant = (index: number, next: DeploymentDraft['variants'][number]): void => {
    const previous = draft.variants[index];
    const renamed = previous && previous.key !== next.key ? { from: previous.key, to: next.key } : null;
    setDraft({
      ...draft,
      variants: draft.variants.map((v, i) => (i === index ? next : v)),
      // A renamed variant keeps its place in routing.
      ...(renamed
        ? {
            defaultVariant: draft.defaultVariant === renamed.from ? renamed.to : draft.defaultVariant,
            rules: draft.rules.map((r) => ({ ...r, variant: r.variant === renamed.from ? renamed.to : r.variant, split: r.split.map((s) => (s.variant === renamed.from ? { ...s, variant: renamed.to } : s)) })),
          }
        : {}),
    });
  };
  const addVariant = (): void => {
    let n = draft.variants.length + 1;
    while (draft.variants.some((v) => v.key === `variant-${n}`)) n += 1;
    setDraft({ ...draft, variants: [...draft.variants, newVariant(`variant-${n}`)] });
  };

  const startPublish = (): void => {
    // Variables used but not declared yet are declared as required (the table said so).
    const prepared: DeploymentDraft = { ...draft, variants: draft.variants.map((v) => ({ ...v, variables: declareUsed(v) })) };
    setDraft(prepared);
    setAttempted(true);
    setServerError(null);
    setKeyTouched(true);
    if (problemsOf(prepared, existing).length === 0) setConfirming(true);
  };

  return (
    <>
      <div className="page-header">
        <div>
          <h1 tabIndex={-1}>{existing ? <>Edit {existing.key}</> : 'New deployment'}</h1>
          <p className="muted">
            {existing
              ? `Publishing makes version ${existing.currentVersion + 1} current at every gateway within a second; version ${existing.currentVersion} stays in the history.`
              : 'Applications call a deployment by its key; its variants, prompts and routing change without redeploying them.'}
          </p>
        </div>
      </div>
      {existing ? <DeploymentTabs deploymentKey={existing.key} current="edit" /> : null}

      {problems.length > 0 || serverError ? (
        <div className="state state--error" role="alert" data-testid="publish-problems">
          <h2 className="state__title">{serverError ? serverError.message : `${problems.length} problem${problems.length === 1 ? '' : 's'} to fix before publishing`}</h2>
          <ul>
            {[...problems.map((p) => ({ field: p.path, message: p.message })), ...(serverError?.details ?? [])].map((p, i) => (
              <li key={i}>
                <span className="mono">{p.field}</span>: {p.message.startsWith(p.field) ? p.message.slice(p.field.length).replace(/^:?\s*/, '') : p.message}
                <RegionRefusalNote message={p.message} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <section className="card" aria-labelledby="basics-title">
        <h2 id="basics-title">Deployment</h2>
        <div className="form-grid">
          <div className={`field${keyError ? ' field--invalid' : ''}`}>
            <label className="field__label" htmlFor="deployment-key">
              Key
            </label>
            <input
              id="deployment-key"
              className="input mono"
              value={draft.key}
              readOnly={existing !== null}
              placeholder="customer-support"
              aria-invalid={keyError ? true : undefined}
              aria-describedby={keyError ? 'deployment-key-error' : 'deployment-key-hint'}
              onChange={(e) => setDraft({ ...draft, key: e.target.value.trim() })}
              onBlur={() => setKeyTouched(true)}
            />
            <p id="deployment-key-hint" className="field__hint">
              {existing ? 'A key never changes.' : 'Lowercase letters, digits, ".", "_" or "-"; unique in the workspace.'}
            </p>
            {keyError ? (
              <p id="deployment-key-error" className="field__error">
                <span aria-hidden="true">⚠ </span>
                {keyError}
              </p>
            ) : null}
          </div>
          <div className="field">
            <label className="field__label" htmlFor="deployment-description">
              Description <span className="field__optional">(optional)</span>
            </label>
            <input id="deployment-description" className="input" value={draft.description} maxLength={DEPLOYMENT_RULES.description.length.max} onChange={(e) => setDraft({ ...draft, description: e.target.value })} />
          </div>
        </div>
      </section>

      <h2>Variants</h2>
      {draft.variants.map((variant, index) => (
        <VariantEditor
          key={index}
          index={index}
          variant={variant}
          problems={grouped.variants[index] ?? {}}
          onChange={(v) => setVariant(index, v)}
          onRemove={
            draft.variants.length > 1
              ? () => {
                  const variants = draft.variants.filter((_, i) => i !== index);
                  setDraft({ ...draft, variants, defaultVariant: draft.defaultVariant === variant.key ? (variants[0]?.key ?? '') : draft.defaultVariant });
                }
              : null
          }
        />
      ))}
      <button type="button" className="button" onClick={addVariant} disabled={draft.variants.length >= 10}>
        Add variant
      </button>

      <section className="card" aria-labelledby="routing-title">
        <h2 id="routing-title">Routing</h2>
        <p className="muted small">Rules are tried top to bottom on the call&apos;s context; the first whose conditions all hold decides. A split is sticky: the same identity always gets the same variant.</p>
        <RoutingTable draft={draft} onChange={setDraft} />
      </section>

      <section className="card" aria-labelledby="cache-title">
        <h2 id="cache-title">Response cache</h2>
        <p className="muted small">
          Identical calls of this version (same variant, same rendered messages and parameters) are answered from the cache at no cost, with <span className="mono">x-model-garden-cache: hit</span>. Part of the version: it applies once published.
        </p>
        <div className="form-grid">
          <div className="field">
            <span className="field__label">Exact-match cache</span>
            <Switch checked={draft.cacheOn} label="Exact-match cache" onChange={(cacheOn) => setDraft({ ...draft, cacheOn })} />
          </div>
          {draft.cacheOn ? (
            <div className={`field${grouped.other.some((p) => p.path === 'cache.ttl') ? ' field--invalid' : ''}`}>
              <label className="field__label" htmlFor="cache-ttl">
                TTL (seconds)
              </label>
              <input id="cache-ttl" className="input" inputMode="numeric" value={draft.cacheTtl} onChange={(e) => setDraft({ ...draft, cacheTtl: e.target.value })} />
              <p className="field__hint">1 to {RESPONSE_CACHE.maxTtlSeconds.toLocaleString('en')} (3 days); default {RESPONSE_CACHE.defaultTtlSeconds.toLocaleString('en')}.</p>
            </div>
          ) : null}
        </div>
        {existing ? (
          <div className="form-actions">
            <button type="button" className="button" onClick={() => setConfirmingInvalidate(true)} disabled={invalidate.isPending}>
              Invalidate cache…
            </button>
          </div>
        ) : null}
      </section>

      <div className="form-actions">
        <button type="button" className="button button--primary" onClick={startPublish} disabled={publish.isPending}>
          {existing ? 'Publish new version…' : 'Create deployment…'}
        </button>
        <button type="button" className="button button--ghost" onClick={() => navigate(existing ? paths.deployment(existing.key) : paths.deployments())}>
          Cancel
        </button>
      </div>

      {existing ? (
        <Dialog open={confirmingInvalidate} title={`Invalidate the cache of ${existing.key}`} onClose={() => setConfirmingInvalidate(false)}>
          <p>Every answer cached for {existing.key} (any version) becomes a miss at every gateway at once: the next identical calls go to the model again, and are paid.</p>
          <div className="dialog__actions">
            <button type="button" className="button button--ghost" onClick={() => setConfirmingInvalidate(false)}>
              Keep the cache
            </button>
            <button type="button" className="button button--danger" onClick={() => invalidate.mutate()} disabled={invalidate.isPending}>
              {invalidate.isPending ? 'Invalidating…' : 'Invalidate'}
            </button>
          </div>
        </Dialog>
      ) : null}

      <Dialog open={confirming} title={existing ? `Publish version ${existing.currentVersion + 1}` : `Create ${draft.key}`} onClose={() => setConfirming(false)}>
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            publish.mutate();
          }}
        >
          <div className="field">
            <label className="field__label" htmlFor="publish-note">
              Note <span className="field__optional">(optional: what changed and why)</span>
            </label>
            <textarea id="publish-note" className="input input--textarea" rows={3} maxLength={DEPLOYMENT_RULES.note.length.max} value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <p className="muted small">It serves new calls at once. You can restore any earlier version later.</p>
          <div className="dialog__actions">
            <button type="button" className="button button--ghost" onClick={() => setConfirming(false)}>
              Keep editing
            </button>
            <button type="submit" className="button button--primary" disabled={publish.isPending}>
              {publish.isPending ? 'Publishing…' : 'Publish'}
            </button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
