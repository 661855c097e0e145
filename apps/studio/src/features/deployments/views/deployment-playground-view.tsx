import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useStudio } from '../../../app/studio-context';
import { ErrorState, Loading } from '../../../components/states';
import { formatCount, formatLatency, formatUsd } from '../../../lib/format';
import { allModelsQuery, findModel } from '../../model-picker/models-query';
import { deploymentQuery } from '../api/deployments-api';
import { type InvokeResult, streamInvoke } from '../api/gateway-invoke';
import { DeploymentTabs } from '../components/deployment-tabs';
import { callCost, parseJsonObject } from '../lib/playground';
import { RegionRefusalNote } from '../../workspace-settings/region-refusal-note';

/**
 * Calls the current version of a deployment through the gateway, exactly as an
 * application does (`POST /v2/deployments/invoke`, streamed), with inputs, context and
 * identity; shows the answer as it arrives and which variant and version served it.
 */
export function DeploymentPlaygroundView({ deploymentKey }: { deploymentKey: string }): ReactNode {
  const { client, config, apiKey } = useStudio();
  const deployment = useQuery(deploymentQuery(client, deploymentKey));
  const models = useQuery(allModelsQuery(client));
  const [inputs, setInputs] = useState<Record<string, string>>({});
  const [context, setContext] = useState('{}');
  const [identity, setIdentity] = useState('');
  const [mockResponse, setMockResponse] = useState('');
  const [result, setResult] = useState<InvokeResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  if (deployment.isPending) return <Loading label="Loading the deployment…" />;
  if (deployment.isError) return <ErrorState title="The deployment could not be loaded" error={deployment.error} onRetry={() => void deployment.refetch()} />;
  const d = deployment.data;
  // Every variable any variant declares: routing decides which variant serves.
  const variables = new Map<string, { required: boolean; default: string | null }>();
  for (const v of d.current.variants) for (const x of v.variables) if (!variables.has(x.name)) variables.set(x.name, { required: x.required, default: x.default ?? null });

  const servedVariant = result?.variant ? d.current.variants.find((v) => v.key === result.variant) : undefined;
  const servedModel = servedVariant && models.data ? findModel(models.data, servedVariant.model.ref) : undefined;
  const cost = result ? callCost(servedModel?.pricing, result.usage) : null;

  const run = async (): Promise<void> => {
    const parsedContext = parseJsonObject(context, 'Context');
    if (!parsedContext.ok) {
      setError(parsedContext.error);
      return;
    }
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setError(null);
    setResult(null);
    setRunning(true);
    const given = Object.fromEntries(Object.entries(inputs).filter(([, value]) => value !== ''));
    try {
      await streamInvoke(
        {
          gatewayUrl: config.gatewayUrl,
          apiKey,
          signal: controller.signal,
          request: { key: d.key, inputs: given, context: parsedContext.value, ...(identity.trim() ? { identity: { id: identity.trim() } } : {}), ...(mockResponse ? { mockResponse } : {}) },
        },
        setResult,
      );
    } catch (e) {
      if (!(e instanceof Error && e.name === 'AbortError')) setError(e instanceof Error ? e.message : String(e));
    } finally {
      if (abort.current === controller) setRunning(false);
    }
  };

  return (
    <>
      <div className="page-header">
        <div>
          <h1 tabIndex={-1}>
            Playground: <span className="mono">{d.key}</span>
          </h1>
          <p className="muted">Calls version {d.currentVersion} through the gateway like an application does. Calls are real: they count in usage and cost (unless mocked).</p>
        </div>
      </div>
      <DeploymentTabs deploymentKey={d.key} current="playground" />
      <div className="playground">
        <form
          className="card"
          aria-labelledby="call-title"
          onSubmit={(e) => {
            e.preventDefault();
            void run();
          }}
        >
          <h2 id="call-title">Call</h2>
          {[...variables.entries()].map(([name, v]) => (
            <div className="field" key={name}>
              <label className="field__label" htmlFor={`input-${name}`}>
                <span className="mono">{name}</span>
                {v.required ? null : <span className="field__optional"> (optional, default “{v.default ?? ''}”)</span>}
              </label>
              <textarea id={`input-${name}`} className="input input--textarea" rows={2} value={inputs[name] ?? ''} required={v.required} onChange={(e) => setInputs({ ...inputs, [name]: e.target.value })} />
            </div>
          ))}
          {variables.size === 0 ? <p className="muted small">This version takes no inputs.</p> : null}
          <div className="field">
            <label className="field__label" htmlFor="call-context">
              Context <span className="field__optional">(JSON object; routing reads it)</span>
            </label>
            <textarea id="call-context" className="input input--textarea mono" rows={3} value={context} onChange={(e) => setContext(e.target.value)} />
          </div>
          <div className="field">
            <label className="field__label" htmlFor="call-identity">
              Identity id <span className="field__optional">(optional; keeps a split sticky)</span>
            </label>
            <input id="call-identity" className="input" value={identity} onChange={(e) => setIdentity(e.target.value)} />
          </div>
          <div className="field">
            <label className="field__label" htmlFor="call-mock">
              Mock response <span className="field__optional">(optional: answer with this text without calling the model; no usage is recorded)</span>
            </label>
            <input id="call-mock" className="input" value={mockResponse} onChange={(e) => setMockResponse(e.target.value)} />
          </div>
          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={running}>
              {running ? 'Streaming…' : 'Invoke'}
            </button>
            {running ? (
              <button type="button" className="button button--ghost" onClick={() => abort.current?.abort()}>
                Stop
              </button>
            ) : null}
          </div>
        </form>
        <section className="card" aria-labelledby="answer-title" aria-busy={running}>
          <h2 id="answer-title">Answer</h2>
          {error ? (
            <div className="state state--error" role="alert" data-testid="invoke-error">
              {error}
              <RegionRefusalNote message={error} />
            </div>
          ) : null}
          {result ? (
            <>
              <pre className="playground__answer" data-testid="answer" aria-live="polite">
                {result.text}
              </pre>
              <dl className="facts" data-testid="served-by">
                <dt>Variant</dt>
                <dd className="mono" data-served-variant>
                  {result.variant ?? '—'}
                </dd>
                <dt>Version</dt>
                <dd data-served-version>{result.version ? `v${result.version}` : '—'}</dd>
                <dt>Model</dt>
                <dd className="mono">{result.model ?? '—'}</dd>
                <dt>First chunk</dt>
                <dd>{formatLatency(result.firstChunkMs)}</dd>
                <dt>Total</dt>
                <dd data-latency>{running ? '…' : formatLatency(result.totalMs)}</dd>
                <dt>Tokens in / out</dt>
                <dd data-tokens>{result.usage ? `${formatCount(result.usage.promptTokens)} / ${formatCount(result.usage.completionTokens)}` : '—'}</dd>
                <dt>Cost</dt>
                <dd data-cost>{cost === null ? (servedModel && !servedModel.pricing ? 'no prices set' : '—') : formatUsd(cost)}</dd>
                <dt>Finish</dt>
                <dd>{result.finishReason ?? (running ? '…' : '—')}</dd>
              </dl>
            </>
          ) : !error ? (
            <p className="muted">Fill the inputs and invoke: the answer streams here.</p>
          ) : null}
        </section>
      </div>
    </>
  );
}
