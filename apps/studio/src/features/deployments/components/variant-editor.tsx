import type { ReactNode } from 'react';
import { ModelPicker } from '../../model-picker/model-picker';
import { PARAMETER_FIELDS, type ResponseFormatChoice, type VariantDraft } from '../lib/deployment-form';
import { MessagesEditor } from './messages-editor';

/** The problems of one variant, by field path relative to it (`model`, `messages[0].content`). */
export type VariantProblems = Record<string, string[]>;

function Problem({ id, messages }: { id: string; messages: string[] | undefined }): ReactNode {
  if (!messages || messages.length === 0) return null;
  return (
    <p id={id} className="field__error">
      <span aria-hidden="true">⚠ </span>
      {messages.join(' ')}
    </p>
  );
}

/** One variant of a deployment: its key, model, messages and variables, parameters, retries, fallbacks and timeout. */
export function VariantEditor({
  index,
  variant,
  problems,
  onChange,
  onRemove,
}: {
  index: number;
  variant: VariantDraft;
  problems: VariantProblems;
  onChange: (v: VariantDraft) => void;
  onRemove: (() => void) | null;
}): ReactNode {
  const id = `variant-${index}`;
  const set = (patch: Partial<VariantDraft>): void => onChange({ ...variant, ...patch });
  const messageProblems = Object.entries(problems)
    .filter(([path]) => path.startsWith('messages') || path.startsWith('variables'))
    .flatMap(([path, list]) => list.map((m) => `${path}: ${m}`));

  return (
    <section className="card variant-card" aria-labelledby={`${id}-title`} data-variant={variant.key}>
      <div className="variant-card__head">
        <h3 id={`${id}-title`}>
          Variant <span className="mono">{variant.key || `#${index + 1}`}</span>
        </h3>
        {onRemove ? (
          <button type="button" className="button button--ghost button--small" onClick={onRemove}>
            Remove variant {variant.key || index + 1}
          </button>
        ) : null}
      </div>
      <div className="form-grid">
        <div className={`field${problems['key'] ? ' field--invalid' : ''}`}>
          <label className="field__label" htmlFor={`${id}-key`}>
            Variant key
          </label>
          <input id={`${id}-key`} className="input" value={variant.key} onChange={(e) => set({ key: e.target.value.trim() })} aria-invalid={problems['key'] ? true : undefined} aria-describedby={problems['key'] ? `${id}-key-error` : undefined} />
          <Problem id={`${id}-key-error`} messages={problems['key']} />
        </div>
        <ModelPicker id={`${id}-model`} label="Model" value={variant.model} onChange={(model) => set({ model })} error={problems['model']?.join(' ')} />
      </div>

      <h4>Messages</h4>
      <MessagesEditor idPrefix={id} value={{ messages: variant.messages, variables: variant.variables }} onChange={(v) => set({ messages: v.messages, variables: v.variables })} />
      {messageProblems.length > 0 ? (
        <ul className="problem-list" aria-label={`Problems of variant ${variant.key} messages`}>
          {messageProblems.map((m) => (
            <li key={m} className="field__error">
              {m}
            </li>
          ))}
        </ul>
      ) : null}

      <details className="variant-card__more" open={Object.keys(problems).some((p) => p.startsWith('parameters') || p.startsWith('retry') || p.startsWith('timeout') || p.startsWith('fallbacks'))}>
        <summary>Parameters, retries, fallbacks and timeout</summary>
        <p className="muted small">Empty fields use the model&apos;s defaults; max tokens is capped by the model.</p>
        <div className="form-grid form-grid--params">
          {PARAMETER_FIELDS.map((field) => {
            const fieldProblems = problems[`parameters.${field.name}`];
            return (
              <div key={field.name} className={`field${fieldProblems ? ' field--invalid' : ''}`}>
                <label className="field__label" htmlFor={`${id}-${field.name}`}>
                  {field.label}
                </label>
                <input
                  id={`${id}-${field.name}`}
                  className="input"
                  inputMode={field.integer ? 'numeric' : 'decimal'}
                  value={variant.numbers[field.name]}
                  aria-invalid={fieldProblems ? true : undefined}
                  onChange={(e) => set({ numbers: { ...variant.numbers, [field.name]: e.target.value } })}
                />
                <Problem id={`${id}-${field.name}-error`} messages={fieldProblems} />
              </div>
            );
          })}
          <div className="field">
            <label className="field__label" htmlFor={`${id}-stop`}>
              Stop sequences <span className="field__optional">(one per line, up to 4)</span>
            </label>
            <textarea id={`${id}-stop`} className="input input--textarea" rows={2} value={variant.stop} onChange={(e) => set({ stop: e.target.value })} />
            <Problem id={`${id}-stop-error`} messages={problems['parameters.stop']} />
          </div>
          <div className="field">
            <label className="field__label" htmlFor={`${id}-format`}>
              Response format
            </label>
            <select id={`${id}-format`} className="input input--select" value={variant.responseFormat} onChange={(e) => set({ responseFormat: e.target.value as ResponseFormatChoice })}>
              <option value="text">Text</option>
              <option value="json_object">JSON object</option>
              <option value="json_schema">JSON schema</option>
            </select>
          </div>
        </div>
        {variant.responseFormat === 'json_schema' ? (
          <div className="field">
            <label className="field__label" htmlFor={`${id}-schema`}>
              JSON schema <span className="field__optional">({'{ "name": …, "schema": { … } }'})</span>
            </label>
            <textarea id={`${id}-schema`} className="input input--textarea mono" rows={6} value={variant.jsonSchema} onChange={(e) => set({ jsonSchema: e.target.value })} />
            <Problem id={`${id}-schema-error`} messages={problems['parameters.responseFormat.jsonSchema']} />
          </div>
        ) : null}
        <div className="field">
          <label className="field__label" htmlFor={`${id}-tools`}>
            Tools <span className="field__optional">(optional JSON array; the model must support function calling)</span>
          </label>
          <textarea id={`${id}-tools`} className="input input--textarea mono" rows={3} value={variant.tools} onChange={(e) => set({ tools: e.target.value })} />
          <Problem id={`${id}-tools-error`} messages={problems['parameters.tools']} />
        </div>
        <div className="form-grid">
          <div className="field">
            <label className="field__label" htmlFor={`${id}-retry`}>
              Retries <span className="field__optional">(0 to 5)</span>
            </label>
            <input id={`${id}-retry`} className="input" inputMode="numeric" value={variant.retryCount} onChange={(e) => set({ retryCount: e.target.value })} />
            <Problem id={`${id}-retry-error`} messages={problems['retry.count']} />
          </div>
          <div className="field">
            <label className="field__label" htmlFor={`${id}-retry-codes`}>
              Retry on HTTP codes <span className="field__optional">(e.g. 429, 503)</span>
            </label>
            <input id={`${id}-retry-codes`} className="input" value={variant.retryOnCodes} onChange={(e) => set({ retryOnCodes: e.target.value })} />
            <Problem id={`${id}-retry-codes-error`} messages={problems['retry.onCodes']} />
          </div>
          <div className="field">
            <label className="field__label" htmlFor={`${id}-timeout`}>
              Timeout per call (ms)
            </label>
            <input id={`${id}-timeout`} className="input" inputMode="numeric" value={variant.timeoutMs} onChange={(e) => set({ timeoutMs: e.target.value })} />
            <Problem id={`${id}-timeout-error`} messages={problems['timeout.callTimeoutMs']} />
          </div>
        </div>
        <h4>Fallbacks</h4>
        <p className="muted small">Tried in order when the model fails after its retries.</p>
        {variant.fallbacks.map((fallback, f) => (
          <div key={f} className="fallback-row">
            <ModelPicker
              id={`${id}-fallback-${f}`}
              label={`Fallback ${f + 1}`}
              value={fallback}
              onChange={(model) => set({ fallbacks: variant.fallbacks.map((x, i) => (i === f ? model : x)) })}
              error={problems[`fallbacks[${f}].model`]?.join(' ')}
            />
            <button type="button" className="button button--ghost button--small" onClick={() => set({ fallbacks: variant.fallbacks.filter((_, i) => i !== f) })}>
              Remove fallback {f + 1}
            </button>
          </div>
        ))}
        <button type="button" className="button button--small" onClick={() => set({ fallbacks: [...variant.fallbacks, ''] })} disabled={variant.fallbacks.length >= 5}>
          Add fallback
        </button>
      </details>
    </section>
  );
}
