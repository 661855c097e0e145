import { MODEL_RULES, type ModelView, slugifyModelKey } from '@model-garden/contracts/browser';
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/registry-client';
import { SelectField, TextAreaField, TextField } from '../../components/fields';
import {
  type FormErrors,
  type FormField,
  type FormMode,
  MODEL_TYPE_OPTIONS,
  type ModelFormValues,
  REGION_OPTIONS,
  fieldError,
  formErrors,
  mapServerErrors,
  priceFieldsFor,
  visibleFields,
} from '../../rules/model-form.rules';

const LABELS: Record<FormField, string> = {
  type: 'Type',
  baseUrl: 'Base URL',
  apiKey: 'API Key',
  name: 'Model Name',
  modelId: 'Model ID',
  key: 'Model key',
  region: 'Region',
  description: 'Description',
  maxTokens: 'Max Tokens',
  temperature: 'Temperature',
  'pricing.inputPerMillionTokens': 'Input Price (per 1M tokens)',
  'pricing.outputPerMillionTokens': 'Output Price (per 1M tokens)',
  'pricing.perImage': 'Price per image',
};

/** DOM ids of the inputs: the API field path with dots made safe. */
export const inputId = (field: FormField): string => `model-${field.replace('.', '-')}`;

export interface SubmitOutcome {
  /** Errors the registry put on fields (400), or a key clash (409). */
  error?: ApiError;
}

/**
 * The "Add model → OpenAI-like" form, grouped as the product page groups it:
 * Connection, General, Advanced. Every field is checked as it is typed with the API's
 * own rules and messages; what the registry still refuses lands on its field.
 */
export function ModelForm({
  mode,
  initial,
  model,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  mode: FormMode;
  initial: ModelFormValues;
  model?: ModelView;
  submitLabel: string;
  onSubmit: (values: ModelFormValues) => Promise<SubmitOutcome>;
  onCancel: () => void;
}): ReactNode {
  const [values, setValues] = useState<ModelFormValues>(initial);
  const [touched, setTouched] = useState<Partial<Record<FormField, boolean>>>({});
  const [serverErrors, setServerErrors] = useState<FormErrors>({});
  const [summary, setSummary] = useState<{ title: string; items: { field?: FormField; message: string }[] } | null>(null);
  const [suggestion, setSuggestion] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);

  const shown = visibleFields(values.type);
  const errorOf = (field: FormField): string | null => {
    if (serverErrors[field]) return serverErrors[field] ?? null;
    return touched[field] ? fieldError(field, values, mode) : null;
  };

  const change = (field: FormField) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    // Checked as typed: a field shows its message from the first keystroke on.
    setTouched((t) => ({ ...t, [field]: true }));
    setServerErrors((e) => {
      if (!e[field]) return e;
      const next = { ...e };
      delete next[field];
      return next;
    });
    if (field === 'key') setSuggestion(null);
  };
  const blur = (field: FormField) => () => setTouched((t) => ({ ...t, [field]: true }));

  const focusField = (field: FormField): void => {
    document.getElementById(inputId(field))?.focus();
  };

  // A new summary takes the focus once it is on the page (a timer could fire before React renders it).
  useEffect(() => {
    if (summary !== null) summaryRef.current?.focus();
  }, [summary]);

  const showSummary = (title: string, items: { field?: FormField; message: string }[]): void => {
    setSummary({ title, items });
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const errors = formErrors(values, mode);
    const all = Object.fromEntries(shown.map((f) => [f, true]));
    setTouched(all);
    const bad = shown.filter((f) => errors[f]);
    if (bad.length > 0) {
      showSummary(
        `Fix ${bad.length === 1 ? 'this field' : `these ${bad.length} fields`} before saving`,
        bad.map((f) => ({ field: f, message: errors[f] ?? '' })),
      );
      return;
    }
    setSubmitting(true);
    setSummary(null);
    try {
      const outcome = await onSubmit(values);
      const error = outcome.error;
      if (!error) return;
      if (error.status === 409 && error.suggestion) {
        setServerErrors({ key: error.message });
        setSuggestion(error.suggestion);
        showSummary('The model key is already taken', [{ field: 'key', message: error.message }]);
        return;
      }
      const mapped = mapServerErrors(error.details);
      setServerErrors(mapped.fields);
      const items = [
        ...Object.entries(mapped.fields).map(([field, message]) => ({ field: field as FormField, message: message ?? '' })),
        ...mapped.other.map((message) => ({ message })),
      ];
      showSummary(error.status === 400 ? 'The registry refused some fields' : 'The model could not be saved', items.length > 0 ? items : [{ message: error.message }]);
    } finally {
      setSubmitting(false);
    }
  };

  const field = (name: FormField): { id: string; label: string; value: string; onChange: (v: string) => void; onBlur: () => void; error: string | null } => ({
    id: inputId(name),
    label: LABELS[name],
    value: values[name],
    onChange: change(name),
    onBlur: blur(name),
    error: errorOf(name),
  });

  const prices = priceFieldsFor(values.type);

  return (
    <form className="model-form" onSubmit={(e) => void submit(e)} noValidate aria-label={submitLabel}>
      {summary ? (
        <div className="error-summary" role="alert" tabIndex={-1} ref={summaryRef} aria-labelledby="error-summary-title">
          <h2 id="error-summary-title" className="error-summary__title">
            {summary.title}
          </h2>
          <ul>
            {summary.items.map((item, i) => (
              <li key={`${item.field ?? 'form'}-${i}`}>
                {item.field ? (
                  <a
                    href={`#${inputId(item.field)}`}
                    onClick={(e) => {
                      e.preventDefault();
                      if (item.field) focusField(item.field);
                    }}
                  >
                    {LABELS[item.field]}: {item.message}
                  </a>
                ) : (
                  item.message
                )}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <fieldset className="card form-group">
        <legend className="form-group__legend">Connection</legend>
        <p className="form-group__hint muted">Where the model lives and how to authenticate.</p>
        <SelectField {...field('type')} required options={MODEL_TYPE_OPTIONS} hint="Chat Completion, Completion, Embedding or Image." />
        <TextField
          {...field('baseUrl')}
          required
          type="url"
          inputMode="url"
          placeholder="https://api.groq.com/openai/v1"
          hint="The base API URL of your OpenAI-compatible endpoint, for example https://api.groq.com/openai/v1."
        />
        <TextField
          {...field('apiKey')}
          required={mode === 'create'}
          revealable
          autoComplete="new-password"
          hint={
            mode === 'create'
              ? 'Stored encrypted and never shown again; used for every request to the endpoint.'
              : `Leave empty to keep the current key${model?.apiKeyHint ? ` (${model.apiKeyHint})` : ''}. A new key re-validates the model.`
          }
        />
      </fieldset>

      <fieldset className="card form-group">
        <legend className="form-group__legend">General</legend>
        <TextField {...field('name')} required placeholder="Custom Groq Llama 3.3" hint="How the model appears in your Model Garden." />
        <TextField {...field('modelId')} required placeholder="llama-3.3-70b-versatile" hint="The model identifier as defined by your provider." />
        <TextField
          {...field('key')}
          placeholder={values.modelId ? slugifyModelKey(values.modelId) : 'llama-3.3-70b-versatile'}
          hint="Part of the name clients call through the gateway. Defaults to a slug of the model ID."
        />
        {suggestion ? (
          <p className="suggestion">
            <button
              type="button"
              className="button button--small"
              onClick={() => {
                change('key')(suggestion);
                focusField('key');
              }}
            >
              Use “{suggestion}”
            </button>
          </p>
        ) : null}
        <SelectField {...field('region')} required options={REGION_OPTIONS} hint="Where the model is deployed." />
        <TextAreaField {...field('description')} maxLength={MODEL_RULES.description.length.max} placeholder="What this model is used for" />
      </fieldset>

      <fieldset className="card form-group">
        <legend className="form-group__legend">Advanced</legend>
        <div className="form-grid">
          <TextField {...field('maxTokens')} inputMode="numeric" placeholder="4096" hint="Maximum output tokens: the default and the ceiling." />
          <TextField {...field('temperature')} inputMode="decimal" placeholder="0.7" hint="Randomness of the output, 0 to 2." />
          {prices.map((p) => (
            <TextField
              key={p}
              {...field(p)}
              inputMode="decimal"
              suffix="USD"
              placeholder={p === 'pricing.perImage' ? '0.04' : p === 'pricing.inputPerMillionTokens' ? '0.59' : '0.79'}
              hint={p === 'pricing.perImage' ? 'Cost per generated image.' : p === 'pricing.inputPerMillionTokens' ? 'Cost per million input tokens.' : 'Cost per million output tokens.'}
            />
          ))}
        </div>
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={submitting}>
          {submitting ? 'Saving…' : submitLabel}
        </button>
        <button type="button" className="button button--ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
