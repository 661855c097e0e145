import type { ModelView } from '@model-garden/contracts/browser';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { type ModelTarget, modelChanged, modelKeys, modelQuery, usageSeriesQuery } from '../../api/model-queries';
import { ApiError } from '../../api/registry-client';
import { useStudio } from '../../app/studio-context';
import { CopyButton } from '../../components/copy-button';
import { Dialog } from '../../components/dialog';
import { TextField } from '../../components/fields';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { StatusBadge } from '../../components/status-badge';
import { Switch } from '../../components/switch';
import { formatDateTime, formatLatency, formatPricing, formatUsd, regionLabel, typeLabel } from '../../lib/format';
import { Link, navigate, paths } from '../../lib/router';
import { SNIPPET_LANGUAGES, type SnippetLanguage, snippet } from '../../lib/snippets';
import { adviceFor, capabilityRows, firstFailure, validationStages } from '../../lib/validation-stages';
import { EMPTY_FORM, fieldError } from '../../rules/model-form.rules';
import { Segmented, UsageChart, UsageFiguresRow } from '../usage/usage-chart';
import { RANGES, type RangeDays } from '../usage/usage-view';
import { StageList } from '../validation/stage-list';
import { FixActions } from '../validation/validation-view';


/** Everything about one model: configuration, capabilities, checks, how to call it, and its usage. */
export function ModelDetailsView({ target, query }: { target: ModelTarget; query: URLSearchParams }): ReactNode {
  const { client, notify } = useStudio();
  const queryClient = useQueryClient();
  const resource = useQuery({
    ...modelQuery(client, target),
    refetchInterval: (q) => (q.state.data?.status === 'validating' ? 1500 : false),
  });
  const setData = (updated: ModelView): void => modelChanged(queryClient, updated);
  const [rotateOpen, setRotateOpen] = useState(query.get('rotate') === '1');
  const [deleteOpen, setDeleteOpen] = useState(false);
  const model = resource.data;

  if (resource.isPending) return <Loading label="Loading the model…" />;
  if (!model) {
    const notFound = resource.error instanceof ApiError && resource.error.isNotFound;
    return notFound ? (
      <EmptyState
        title="No such model in this workspace"
        action={
          <Link to={paths.garden()} className="button">
            Back to the garden
          </Link>
        }
      >
        It may have been deleted.
      </EmptyState>
    ) : (
      <ErrorState title="The model could not be loaded" error={resource.error ?? new Error('Unknown error')} onRetry={() => void resource.refetch()} />
    );
  }

  const isPrivate = model.owner === 'private';

  const revalidate = async (): Promise<void> => {
    try {
      const updated = await client.validateModel(model.id);
      setData(updated);
      notify(`Validating ${model.name} again…`, 'info');
      navigate(paths.validation(model.id));
    } catch (e: unknown) {
      notify(e instanceof Error ? e.message : String(e), 'error');
    }
  };

  const toggle = async (enabled: boolean): Promise<void> => {
    try {
      setData(await client.setPublicModelEnabled(model.provider, model.key, enabled));
      notify(`${model.name} is ${enabled ? 'enabled' : 'disabled'} for this workspace.`, 'success');
    } catch (e: unknown) {
      notify(e instanceof Error ? e.message : String(e), 'error');
    }
  };

  const failure = firstFailure(model);

  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link to={paths.garden()}>Model Garden</Link> <span aria-hidden="true">/</span> <span aria-current="page">{model.name}</span>
      </nav>
      <div className="page-header">
        <div>
          <h1 tabIndex={-1}>{model.name}</h1>
          <p className="ref-line">
            <code className="mono" data-testid="model-ref">
              {model.ref}
            </code>{' '}
            <CopyButton text={model.ref} label="Copy ref" />
          </p>
        </div>
        <div className="page-header__actions">
          <StatusBadge status={model.status} title={model.statusMessage} />
          {isPrivate ? (
            <>
              <button type="button" className="button" onClick={() => void revalidate()} disabled={model.status === 'validating'}>
                Re-validate
              </button>
              <button type="button" className="button" onClick={() => setRotateOpen(true)}>
                Rotate key
              </button>
              <Link to={paths.editModel(model.id)} className="button">
                Edit
              </Link>
              <button type="button" className="button button--danger" onClick={() => setDeleteOpen(true)}>
                Delete
              </button>
            </>
          ) : (
            <label className="inline-switch">
              <span>Enabled for this workspace</span>
              <Switch checked={model.enabled} label={`Enable ${model.name}`} onChange={(next) => void toggle(next)} />
            </label>
          )}
        </div>
      </div>

      {model.statusMessage && model.status !== 'active' ? (
        <div className={`notice notice--${model.status === 'failed' ? 'error' : 'info'}`} role="status">
          <p>{model.statusMessage}</p>
          {failure && isPrivate ? (
            <>
              <p>
                <strong>What to do: </strong>
                {adviceFor(failure).text}
              </p>
              <FixActions model={model} check={failure} onRevalidate={() => void revalidate()} />
            </>
          ) : null}
        </div>
      ) : null}

      <div className="details-grid">
        <section className="card" aria-labelledby="config-title">
          <h2 id="config-title">Configuration</h2>
          <dl className="config">
            <Row term="Type">{typeLabel(model.type)}</Row>
            <Row term={isPrivate ? 'Base URL' : 'Provider'}>{isPrivate ? <span className="mono break">{model.baseUrl}</span> : model.provider}</Row>
            {isPrivate ? (
              <Row term="API key">
                <span className="mono" data-testid="api-key-hint">
                  {model.apiKeyHint ?? '–'}
                </span>
              </Row>
            ) : null}
            <Row term="Model ID">
              <span className="mono">{model.modelId}</span>
            </Row>
            <Row term="Model key">
              <span className="mono">{model.key}</span>
            </Row>
            <Row term="Region">{regionLabel(model.region)}</Row>
            <Row term="Description">{model.description || <span className="muted">None</span>}</Row>
            <Row term="Max tokens">{model.maxTokens ?? <span className="muted">Provider default</span>}</Row>
            <Row term="Temperature">{model.temperature ?? <span className="muted">Provider default</span>}</Row>
            <Row term="Prices">{formatPricing(model.pricing, model.type)}</Row>
            {isPrivate ? <Row term="Revision">{model.revision}</Row> : null}
            {isPrivate ? <Row term="Added">{formatDateTime(model.createdAt)}</Row> : null}
            {isPrivate ? <Row term="Updated">{formatDateTime(model.updatedAt)}</Row> : null}
          </dl>
        </section>

        <section className="card" aria-labelledby="caps-title">
          <h2 id="caps-title">Capabilities</h2>
          <CapabilityMatrix model={model} />
        </section>
      </div>

      {isPrivate ? (
        <section className="card" aria-labelledby="last-checks-title">
          <h2 id="last-checks-title">Last checks</h2>
          {model.status === 'validating' ? (
            <p className="muted">
              A validation is running. <Link to={paths.validation(model.id)}>Watch it live</Link>.
            </p>
          ) : model.validation && model.validation.checks.length > 0 ? (
            <>
              <p className="muted small">Validated {formatDateTime(model.validation.validatedAt)}</p>
              <StageList stages={validationStages(model)} />
            </>
          ) : (
            <p className="muted">No checks on record yet.</p>
          )}
        </section>
      ) : null}

      <GatewaySnippets model={model} />
      <ModelUsage model={model} />

      {isPrivate ? (
        <RotateKeyDialog
          open={rotateOpen}
          model={model}
          onClose={() => setRotateOpen(false)}
          onRotated={(updated) => {
            setRotateOpen(false);
            setData(updated);
            notify(`The API key of ${model.name} was replaced; validating it again.`, 'success');
            navigate(paths.validation(model.id));
          }}
        />
      ) : null}
      {isPrivate ? (
        <DeleteDialog
          open={deleteOpen}
          model={model}
          onClose={() => setDeleteOpen(false)}
          onDeleted={() => {
            setDeleteOpen(false);
            notify(`${model.name} was deleted.`, 'success');
            navigate(paths.garden());
          }}
        />
      ) : null}
    </>
  );
}

function Row({ term, children }: { term: string; children: ReactNode }): ReactNode {
  return (
    <div className="config__row">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function CapabilityMatrix({ model }: { model: ModelView }): ReactNode {
  const rows = capabilityRows(model.type, model.validation?.capabilities);
  const checks = model.validation?.checks ?? [];
  if (model.status === 'validating') return <p className="muted">Being tested now…</p>;
  if (!model.validation) return <p className="muted">Not tested yet.</p>;
  return (
    <table className="table table--compact capability-matrix">
      <thead>
        <tr>
          <th scope="col">Capability</th>
          <th scope="col">Supported</th>
          <th scope="col">Latency</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const check = checks.find((c) => CHECK_FOR[row.key] === c.name);
          return (
            <tr key={row.key} data-capability={row.key} data-supported={row.supported === undefined ? 'unknown' : String(row.supported)}>
              <th scope="row">{row.label}</th>
              <td>
                <span className={`cap cap--${row.supported === true ? 'yes' : row.supported === false ? 'no' : 'unknown'}`}>
                  <span aria-hidden="true">{row.supported === true ? '✓' : row.supported === false ? '✕' : '?'}</span>{' '}
                  {row.supported === true ? 'Yes' : row.supported === false ? 'No' : 'Not tested'}
                </span>
                {row.detail ? <span className="muted small"> · {row.detail}</span> : null}
              </td>
              <td className="muted small">{check ? formatLatency(check.latencyMs) : '–'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const CHECK_FOR: Record<string, string> = {
  chat: 'chat',
  streaming: 'chat.streaming',
  streamUsage: 'chat.stream_usage',
  functionCalling: 'chat.tools',
  structuredOutput: 'chat.structured_output',
  vision: 'chat.vision',
  completion: 'completion',
  embedding: 'embedding',
  imageGeneration: 'image',
};

function GatewaySnippets({ model }: { model: ModelView }): ReactNode {
  const { config } = useStudio();
  const [language, setLanguage] = useState<SnippetLanguage>('curl');
  const tabsRef = useRef<HTMLDivElement>(null);
  const text = snippet(language, { gatewayUrl: config.gatewayUrl, modelRef: model.ref, type: model.type });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const index = SNIPPET_LANGUAGES.findIndex((l) => l.id === language);
    const delta = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (delta === 0) return;
    event.preventDefault();
    const next = SNIPPET_LANGUAGES[(index + delta + SNIPPET_LANGUAGES.length) % SNIPPET_LANGUAGES.length];
    if (!next) return;
    setLanguage(next.id);
    tabsRef.current?.querySelector<HTMLButtonElement>(`[data-tab="${next.id}"]`)?.focus();
  };

  return (
    <section className="card" aria-labelledby="snippet-title">
      <h2 id="snippet-title">Call it through the gateway</h2>
      <p className="muted">
        Set <code>MODEL_GARDEN_API_KEY</code> to a workspace API key with the <code>inference</code> scope. Any OpenAI SDK works by changing only the base URL and the key.
      </p>
      <div className="tabs" role="tablist" aria-label="Language" ref={tabsRef} onKeyDown={onKeyDown}>
        {SNIPPET_LANGUAGES.map((l) => (
          <button
            key={l.id}
            type="button"
            role="tab"
            id={`tab-${l.id}`}
            data-tab={l.id}
            aria-selected={l.id === language}
            aria-controls="snippet-panel"
            tabIndex={l.id === language ? 0 : -1}
            className="tabs__tab"
            onClick={() => setLanguage(l.id)}
          >
            {l.label}
          </button>
        ))}
      </div>
      <div id="snippet-panel" role="tabpanel" aria-labelledby={`tab-${language}`} className="snippet">
        <pre tabIndex={0} aria-label={`${language} snippet`}>
          <code data-testid="snippet">{text}</code>
        </pre>
        <CopyButton text={text} label="Copy snippet" />
      </div>
    </section>
  );
}

function ModelUsage({ model }: { model: ModelView }): ReactNode {
  const { client } = useStudio();
  const [days, setDays] = useState<RangeDays>(7);
  const resource = useQuery(usageSeriesQuery(client, days, { ref: model.ref, id: model.id }));
  return (
    <section className="card" aria-labelledby="model-usage-title">
      <div className="section-header">
        <h2 id="model-usage-title">Usage</h2>
        <Segmented label="Period" options={RANGES} value={days} onChange={setDays} />
      </div>
      {resource.isPending ? <Loading label="Loading usage…" /> : null}
      {resource.isError ? <ErrorState title="Usage could not be loaded" error={resource.error} onRetry={() => void resource.refetch()} /> : null}
      {resource.isSuccess ? (
        resource.data.totals.requests === 0 ? (
          <p className="muted" data-testid="usage-empty">
            No calls in the last {days} days. Try the snippet above, then come back.
          </p>
        ) : (
          <>
            <UsageFiguresRow totals={resource.data.totals} />
            <UsageChart series={resource.data} title={`${model.name} usage`} byModel={false} />
            <p className="muted small">
              Average cost per request: {formatUsd(resource.data.totals.requests > 0 ? resource.data.totals.costUsd / resource.data.totals.requests : 0)}
            </p>
          </>
        )
      ) : null}
    </section>
  );
}

function RotateKeyDialog({ open, model, onClose, onRotated }: { open: boolean; model: ModelView; onClose: () => void; onRotated: (model: ModelView) => void }): ReactNode {
  const { client } = useStudio();
  const [apiKey, setApiKey] = useState('');
  const [touched, setTouched] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (open) {
      const id = window.setTimeout(() => document.getElementById('rotate-api-key')?.focus(), 0);
      return () => window.clearTimeout(id);
    }
    return undefined;
  }, [open]);

  const error = serverError ?? (touched ? fieldError('apiKey', { ...EMPTY_FORM, apiKey }) : null);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setTouched(true);
    if (fieldError('apiKey', { ...EMPTY_FORM, apiKey })) {
      document.getElementById('rotate-api-key')?.focus();
      return;
    }
    setBusy(true);
    try {
      const updated = await client.rotateApiKey(model.id, apiKey);
      setApiKey('');
      setTouched(false);
      onRotated(updated);
    } catch (e: unknown) {
      setServerError(e instanceof ApiError ? (e.details.find((d) => d.field === 'apiKey')?.message ?? e.message) : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} title={`Rotate the API key of ${model.name}`} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <p className="muted">
          The current key ({model.apiKeyHint ?? 'hidden'}) is replaced at once and the model is validated again with the new one.
        </p>
        <TextField
          id="rotate-api-key"
          label="New API key"
          required
          revealable
          autoComplete="new-password"
          value={apiKey}
          error={error}
          onChange={(v) => {
            setApiKey(v);
            setTouched(true);
            setServerError(null);
          }}
        />
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Rotating…' : 'Rotate key'}
          </button>
          <button type="button" className="button button--ghost" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function DeleteDialog({ open, model, onClose, onDeleted }: { open: boolean; model: ModelView; onClose: () => void; onDeleted: () => void }): ReactNode {
  const { client } = useStudio();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const confirm = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await client.deleteModel(model.id);
      queryClient.removeQueries({ queryKey: modelKeys.private(model.id) });
      void queryClient.invalidateQueries({ queryKey: modelKeys.all });
      onDeleted();
    } catch (e: unknown) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} title={`Delete ${model.name}?`} onClose={onClose} describedBy="delete-warning">
      <p id="delete-warning">
        Clients calling <code className="mono">{model.ref}</code> will get “model not found” at once. This cannot be undone.
      </p>
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="button" className="button button--danger" onClick={() => void confirm()} disabled={busy}>
          {busy ? 'Deleting…' : 'Delete model'}
        </button>
        <button type="button" className="button button--ghost" onClick={onClose} autoFocus>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
