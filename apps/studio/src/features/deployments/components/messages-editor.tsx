import { type ReactNode, useRef } from 'react';
import { TEMPLATE_MESSAGE_ROLES, type TemplateMessageRole } from '@model-garden/contracts/browser';
import { type MessageDraft, messageTexts } from '../lib/deployment-form';
import { type DeclaredVariable, readTemplate, reconcileVariables, variablesOf } from '../lib/template-variables';

/**
 * A message template with its `{{variables}}` highlighted as you type: a transparent
 * textarea over a mirror that paints the tags (the textarea keeps native editing,
 * selection, undo and accessibility).
 */
export function TemplateArea({ id, label, value, onChange }: { id: string; label: string; value: string; onChange: (v: string) => void }): ReactNode {
  const mirror = useRef<HTMLDivElement>(null);
  const reading = readTemplate(value);
  return (
    <div className="template-area">
      <div className="template-area__mirror input" aria-hidden="true" ref={mirror}>
        {reading.segments.map((s, i) =>
          s.kind === 'variable' ? (
            <mark key={i} className="template-var">
              {s.text}
            </mark>
          ) : (
            <span key={i}>{s.text}</span>
          ),
        )}
        {'\u200b'}
      </div>
      <textarea
        id={id}
        aria-label={label}
        className="template-area__input input"
        value={value}
        spellCheck={false}
        rows={Math.min(12, Math.max(2, value.split('\n').length + 1))}
        aria-invalid={reading.error ? true : undefined}
        aria-describedby={reading.error ? `${id}-error` : undefined}
        onChange={(event) => onChange(event.target.value)}
        onScroll={(event) => {
          if (mirror.current) mirror.current.scrollTop = event.currentTarget.scrollTop;
        }}
      />
      {reading.error ? (
        <p id={`${id}-error`} className="field__error">
          <span aria-hidden="true">⚠ </span>The template cannot be read: {reading.error}
        </p>
      ) : null}
    </div>
  );
}

export interface MessagesValue {
  messages: MessageDraft[];
  variables: DeclaredVariable[];
}

/** The messages of a variant and the table of their variables (required or with a default). */
export function MessagesEditor({ idPrefix, value, onChange }: { idPrefix: string; value: MessagesValue; onChange: (v: MessagesValue) => void }): ReactNode {
  const used = variablesOf(value.messages.flatMap(messageTexts));
  const rows = reconcileVariables(value.variables, used);
  const setMessage = (index: number, patch: Partial<MessagesValue['messages'][number]>): void =>
    onChange({ ...value, messages: value.messages.map((m, i) => (i === index ? { ...m, ...patch } : m)) });
  const setVariable = (name: string, patch: Partial<DeclaredVariable>): void => {
    const exists = value.variables.some((v) => v.name === name);
    const variables = exists ? value.variables.map((v) => (v.name === name ? { ...v, ...patch } : v)) : [...value.variables, { name, required: true, ...patch }];
    onChange({ ...value, variables });
  };

  return (
    <div className="messages-editor">
      <ol className="messages-editor__list">
        {value.messages.map((message, index) => (
          <li key={index} className="message-row" data-message-index={index}>
            <div className="message-row__head">
              <label className="sr-only" htmlFor={`${idPrefix}-role-${index}`}>
                Role of message {index + 1}
              </label>
              <select id={`${idPrefix}-role-${index}`} className="input input--select input--small" value={message.role} onChange={(e) => setMessage(index, { role: e.target.value as TemplateMessageRole })}>
                {TEMPLATE_MESSAGE_ROLES.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
              <button type="button" className="button button--ghost button--small" onClick={() => onChange({ ...value, messages: value.messages.filter((_, i) => i !== index) })}>
                Remove message {index + 1}
              </button>
            </div>
            {message.parts === null ? (
              <TemplateArea id={`${idPrefix}-content-${index}`} label={`Message ${index + 1} (${message.role})`} value={message.content} onChange={(content) => setMessage(index, { content })} />
            ) : (
              <>
                <p className="muted small">Content parts (text and images) as JSON; their texts and image URLs may hold {'{{variables}}'}.</p>
                <textarea
                  id={`${idPrefix}-content-${index}`}
                  aria-label={`Message ${index + 1} (${message.role}) content parts`}
                  className="input input--textarea mono"
                  rows={6}
                  value={message.parts}
                  onChange={(e) => setMessage(index, { parts: e.target.value })}
                />
              </>
            )}
          </li>
        ))}
      </ol>
      <button type="button" className="button button--small" onClick={() => onChange({ ...value, messages: [...value.messages, { role: 'user', content: '', parts: null }] })}>
        Add message
      </button>

      <h4 className="messages-editor__vars-title">Variables</h4>
      {rows.length === 0 ? (
        <p className="muted small">No variables: write {'{{name}}'} in a message to fill it from the call&apos;s inputs.</p>
      ) : (
        <table className="table table--compact variables-table">
          <thead>
            <tr>
              <th scope="col">Variable</th>
              <th scope="col">Required</th>
              <th scope="col">Default</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.name} data-variable={row.name} data-state={row.state}>
                <td className="mono">{`{{${row.name}}}`}</td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`${row.name} is required`}
                    checked={row.required}
                    disabled={row.state === 'unused'}
                    onChange={(e) => setVariable(row.name, { required: e.target.checked })}
                  />
                </td>
                <td>
                  <input
                    className="input input--small"
                    aria-label={`Default value of ${row.name}`}
                    value={row.defaultValue ?? ''}
                    disabled={row.required}
                    placeholder={row.required ? 'required: no default' : 'used when the call gives none'}
                    onChange={(e) => setVariable(row.name, { defaultValue: e.target.value })}
                  />
                </td>
                <td>
                  {row.state === 'ok' ? <span className="cap--yes">Used</span> : null}
                  {row.state === 'undeclared' ? <span className="text-danger">Used, not declared yet (declared as required on save)</span> : null}
                  {row.state === 'unused' ? (
                    <span className="text-danger">
                      Declared, not used{' '}
                      <button type="button" className="button button--ghost button--small" onClick={() => onChange({ ...value, variables: value.variables.filter((v) => v.name !== row.name) })}>
                        Remove {row.name}
                      </button>
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** Declares every used variable that is not declared yet (as required) and keeps the rest. */
export function declareUsed(value: MessagesValue): DeclaredVariable[] {
  const used = variablesOf(value.messages.flatMap(messageTexts));
  return [...value.variables, ...used.filter((name) => !value.variables.some((v) => v.name === name)).map((name) => ({ name, required: true }))];
}
