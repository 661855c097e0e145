import { type ReactNode, useState } from 'react';

interface BaseFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  error?: string | null | undefined;
  hint?: ReactNode;
  required?: boolean;
}

function describedBy(id: string, hint: ReactNode, error: string | null | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function FieldShell({ id, label, hint, error, required, children, extra }: Omit<BaseFieldProps, 'value' | 'onChange'> & { children: ReactNode; extra?: ReactNode }): ReactNode {
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
        {required ? null : <span className="field__optional"> (optional)</span>}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      ) : null}
      <div className="field__control">{children}</div>
      {extra}
      {error ? (
        <p id={`${id}-error`} className="field__error" data-field-error={id}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function TextField(
  props: BaseFieldProps & {
    type?: 'text' | 'url' | 'password' | 'search';
    inputMode?: 'text' | 'decimal' | 'numeric' | 'url';
    placeholder?: string;
    autoComplete?: string;
    revealable?: boolean;
    suffix?: string;
  },
): ReactNode {
  const { id, value, onChange, onBlur, error, hint, required, type = 'text', inputMode, placeholder, autoComplete, revealable, suffix } = props;
  const [revealed, setRevealed] = useState(false);
  const inputType = revealable ? (revealed ? 'text' : 'password') : type;
  return (
    <FieldShell {...props}>
      <input
        id={id}
        name={id}
        className="input"
        type={inputType}
        inputMode={inputMode}
        value={value}
        placeholder={placeholder}
        autoComplete={autoComplete ?? 'off'}
        spellCheck={false}
        required={required}
        aria-required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(event) => onChange(event.target.value)}
        onBlur={onBlur}
      />
      {suffix ? (
        <span className="input__suffix" aria-hidden="true">
          {suffix}
        </span>
      ) : null}
      {revealable ? (
        <button type="button" className="button button--ghost button--small" aria-pressed={revealed} aria-controls={id} onClick={() => setRevealed((r) => !r)}>
          {revealed ? 'Hide' : 'Show'}
        </button>
      ) : null}
    </FieldShell>
  );
}

export function TextAreaField(props: BaseFieldProps & { maxLength: number; placeholder?: string }): ReactNode {
  const { id, value, onChange, onBlur, error, hint, required, maxLength, placeholder } = props;
  const left = maxLength - value.length;
  return (
    <FieldShell
      {...props}
      extra={
        <p className={`field__counter small${left < 0 ? ' field__counter--over' : ''}`} aria-live="polite">
          {left >= 0 ? `${left} characters left` : `${-left} characters too many`}
        </p>
      }
    >
      <textarea
        id={id}
        name={id}
        className="input input--textarea"
        value={value}
        rows={3}
        placeholder={placeholder}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(event) => onChange(event.target.value)}
        onBlur={onBlur}
      />
    </FieldShell>
  );
}

export function SelectField(props: BaseFieldProps & { options: readonly { value: string; label: string }[] }): ReactNode {
  const { id, value, onChange, onBlur, error, hint, required, options } = props;
  return (
    <FieldShell {...props}>
      <select
        id={id}
        name={id}
        className="input input--select"
        value={value}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(event) => onChange(event.target.value)}
        onBlur={onBlur}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}
