import type { CheckResult, CheckSuggestion, ModelView } from '@model-garden/contracts/browser';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { modelChanged, modelQuery } from '../../api/model-queries';
import { useStudio } from '../../app/studio-context';
import { ErrorState, Loading } from '../../components/states';
import { StatusBadge } from '../../components/status-badge';
import { formatLatency, hostOf } from '../../lib/format';
import { Link, paths } from '../../lib/router';
import { useInterval } from '../../lib/use-interval';
import { STAGES, adviceFor, capabilityRows, firstFailure, retryCountdown, validationStages } from '../../lib/validation-stages';
import type { UpdateModelBody } from '../../rules/model-form.rules';
import { StageList, stateText } from './stage-list';

const POLL_MS = 300;
const REVEAL_MS = 220;
const SLOW_AFTER_MS = 45_000;

const prefersReducedMotion = (): boolean => window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

/**
 * Reveals the stages of a finished validation one after the other, so a person sees
 * each check land in order; immediate when reduced motion is asked for.
 */
function useReveal(finished: boolean, count: number): number {
  const [revealed, setRevealed] = useState(finished ? 0 : count);
  useEffect(() => {
    if (!finished) {
      const id = window.setTimeout(() => setRevealed(0), 0);
      return () => window.clearTimeout(id);
    }
    if (revealed >= count) return undefined;
    const id = window.setTimeout(() => setRevealed((r) => r + 1), prefersReducedMotion() ? 0 : REVEAL_MS);
    return () => window.clearTimeout(id);
  }, [finished, revealed, count]);
  return finished ? revealed : 0;
}

/** The actions that fix a failed check: rotate the key, edit the configuration, or validate again. */
export function FixActions({ model, check, onRevalidate }: { model: ModelView; check: Pick<CheckResult, 'name'> & { code?: string | undefined }; onRevalidate: () => void }): ReactNode {
  const advice = adviceFor(check);
  return (
    <div className="button-row">
      {advice.action === 'rotate' ? (
        <Link to={paths.model(model.id, 'rotate=1')} className="button button--primary button--small">
          Rotate API key
        </Link>
      ) : null}
      {advice.action !== 'revalidate' ? (
        <Link to={paths.editModel(model.id)} className={`button button--small${advice.action === 'edit' ? ' button--primary' : ''}`}>
          Edit configuration
        </Link>
      ) : null}
      <button type="button" className={`button button--small${advice.action === 'revalidate' ? ' button--primary' : ''}`} onClick={onRevalidate}>
        Validate again
      </button>
    </div>
  );
}

/**
 * "Validation, live": each check as it starts, passes, fails or is retried (with the
 * retry countdown), from the model's progress, then the final status, without a reload.
 * A suggestion that is one field's new value is applied in one click (PATCH), which
 * starts a new validation on this page.
 */
export function ValidationView({ id }: { id: string }): ReactNode {
  const { client, notify } = useStudio();
  const queryClient = useQueryClient();
  const resource = useQuery({ ...modelQuery(client, { kind: 'private', id }), refetchInterval: (query) => (query.state.data?.status === 'validating' ? POLL_MS : false) });
  const model = resource.data;
  const validating = model?.status === 'validating';
  const [startedAt] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());

  useInterval(validating, POLL_MS, () => setNow(Date.now()));

  const stages = model ? validationStages(model) : [];
  // With live progress every check was seen as it happened: no staged reveal of the result.
  const live = model?.progress != null;
  const reveal = useReveal(Boolean(model) && !validating && !live, STAGES.length);
  const revealed = live ? STAGES.length : reveal;
  const done = Boolean(model) && !validating && revealed >= STAGES.length;
  const [applying, setApplying] = useState(false);

  const apply = async (suggestion: CheckSuggestion): Promise<void> => {
    if (!model || suggestion.field === undefined || suggestion.value === undefined) return;
    setApplying(true);
    try {
      const body = { [suggestion.field]: suggestion.value } as UpdateModelBody;
      modelChanged(queryClient, await client.updateModel(model.id, body));
      notify(`Applied: ${suggestion.field} is now ${suggestion.value}. Validating again…`, 'info');
    } catch (e: unknown) {
      notify(e instanceof Error ? e.message : String(e), 'error');
    } finally {
      setApplying(false);
    }
  };

  const revalidate = async (): Promise<void> => {
    if (!model) return;
    try {
      modelChanged(queryClient, await client.validateModel(model.id));
      notify('Validating again…', 'info');
    } catch (e: unknown) {
      notify(e instanceof Error ? e.message : String(e), 'error');
    }
  };

  if (resource.isPending) return <Loading label="Loading the model…" />;
  if (!model) return <ErrorState title="The model could not be loaded" error={resource.error ?? new Error('Unknown error')} onRetry={() => void resource.refetch()} />;

  const failure = firstFailure(model);
  const lastRevealed = revealed > 0 ? stages[revealed - 1] : undefined;
  const announcement = validating
    ? `Validating ${model.name}…`
    : done
      ? `Validation finished: ${model.name} is ${model.status}.`
      : lastRevealed
        ? `${lastRevealed.title}: ${stateText(lastRevealed.state)}${lastRevealed.latencyMs !== null ? ` in ${formatLatency(lastRevealed.latencyMs)}` : ''}.`
        : '';

  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link to={paths.garden()}>Model Garden</Link> <span aria-hidden="true">/</span> <Link to={paths.model(model.id)}>{model.name}</Link>{' '}
        <span aria-hidden="true">/</span> <span aria-current="page">Validation</span>
      </nav>
      <div className="page-header">
        <div>
          <h1 tabIndex={-1}>{validating || !done ? `Validating ${model.name}` : `Validation of ${model.name}`}</h1>
          <p className="muted">
            <span className="mono">{model.modelId}</span> at {hostOf(model.baseUrl)} · revision {model.revision}
          </p>
        </div>
        <StatusBadge status={done || validating ? model.status : 'validating'} title={model.statusMessage} />
      </div>

      <p className="sr-only" role="status" aria-live="polite">
        {announcement}
      </p>

      {resource.isError ? (
        <p className="notice notice--error" role="alert">
          Lost contact with the registry ({resource.error.message}). Retrying…
        </p>
      ) : null}

      <section className="card" aria-labelledby="checks-title">
        <h2 id="checks-title">Checks</h2>
        {validating && model.progress ? (
          <p className="muted small" data-attempt>
            Attempt {model.progress.attempt} of {model.progress.maxAttempts}
          </p>
        ) : null}
        <StageList
          stages={stages}
          revealed={validating ? (live ? STAGES.length : 0) : revealed}
          actions={(check) => <FixActions model={model} check={check} onRevalidate={() => void revalidate()} />}
          live={{ retry: validating ? retryCountdown(model.progress, now) : null, onApply: (suggestion) => void apply(suggestion), applying }}
        />
        {validating && now - startedAt > SLOW_AFTER_MS ? (
          <p className="notice notice--info">This is taking longer than usual: slow endpoints are retried with backoff. The page keeps watching.</p>
        ) : null}
      </section>

      {done ? (
        <section className={`card result result--${model.status}`} aria-labelledby="result-title" data-result={model.status}>
          {model.status === 'active' || model.status === 'degraded' ? (
            <>
              <h2 id="result-title">{model.status === 'active' ? `${model.name} is active` : `${model.name} works, with problems`}</h2>
              <p>
                Call it through the gateway as <code className="mono">{model.ref}</code>.
              </p>
              <ul className="capability-chips" aria-label="Capabilities">
                {capabilityRows(model.type, model.validation?.capabilities).map((row) => (
                  <li key={row.key} className={`chip chip--${row.supported === true ? 'yes' : row.supported === false ? 'no' : 'unknown'}`}>
                    <span aria-hidden="true">{row.supported ? '✓ ' : row.supported === false ? '✕ ' : '? '}</span>
                    {row.label}
                    <span className="sr-only">{row.supported ? ': supported' : row.supported === false ? ': not supported' : ': not tested'}</span>
                    {row.detail ? ` (${row.detail})` : ''}
                  </li>
                ))}
              </ul>
              <div className="button-row">
                <Link to={paths.model(model.id)} className="button button--primary">
                  Open model
                </Link>
                <Link to={paths.garden()} className="button">
                  Back to the garden
                </Link>
              </div>
            </>
          ) : (
            <>
              <h2 id="result-title">{model.name} failed validation</h2>
              <p className="result__reason">{model.statusMessage ?? failure?.message ?? 'The validator reported a failure.'}</p>
              {failure ? (
                <p>
                  <strong>What to do: </strong>
                  {adviceFor(failure).text}
                </p>
              ) : null}
              {failure ? (
                <FixActions model={model} check={failure} onRevalidate={() => void revalidate()} />
              ) : (
                <div className="button-row">
                  <button type="button" className="button button--primary" onClick={() => void revalidate()}>
                    Validate again
                  </button>
                  <Link to={paths.editModel(model.id)} className="button">
                    Edit configuration
                  </Link>
                </div>
              )}
            </>
          )}
        </section>
      ) : null}
    </>
  );
}
