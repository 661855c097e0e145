import { type ReactNode, useState } from 'react';
import { CONTEXT_FIELD_PATTERN, ROUTING_OPERATORS, type RoutingOperator } from '@model-garden/contracts/browser';
import type { DeploymentDraft, RuleDraft } from '../lib/deployment-form';
import { OPERATOR_LABELS, checkSplit, evenSplit } from '../lib/routing';

/**
 * Routing as a table: one row per rule (checked in order), one column per context
 * field; a cell is that rule's condition on the field (empty: any value). The last
 * column says where the matching calls go: one variant, or a sticky percentage split
 * whose shares must add up to 100. The default variant takes every other call.
 */
export function RoutingTable({ draft, onChange }: { draft: DeploymentDraft; onChange: (d: DeploymentDraft) => void }): ReactNode {
  const [newField, setNewField] = useState('');
  const keys = draft.variants.map((v) => v.key);
  const setRule = (index: number, patch: Partial<RuleDraft>): void => onChange({ ...draft, rules: draft.rules.map((r, i) => (i === index ? { ...r, ...patch } : r)) });
  const fieldProblem = newField && !CONTEXT_FIELD_PATTERN.test(newField) ? 'Letters, digits, _ and -, dots for nesting (e.g. user.plan).' : draft.contextFields.includes(newField) ? 'That column is already there.' : null;

  const addField = (): void => {
    if (!newField || fieldProblem) return;
    onChange({ ...draft, contextFields: [...draft.contextFields, newField] });
    setNewField('');
  };
  const removeField = (field: string): void =>
    onChange({
      ...draft,
      contextFields: draft.contextFields.filter((f) => f !== field),
      rules: draft.rules.map((r) => ({ ...r, cells: Object.fromEntries(Object.entries(r.cells).filter(([k]) => k !== field)) })),
    });
  const move = (index: number, by: -1 | 1): void => {
    const rules = [...draft.rules];
    const [rule] = rules.splice(index, 1);
    if (rule) rules.splice(index + by, 0, rule);
    onChange({ ...draft, rules });
  };

  return (
    <div className="routing">
      <div className="routing__add-field">
        <label htmlFor="routing-new-field" className="field__label">
          Context field
        </label>
        <input id="routing-new-field" className="input input--small" placeholder="e.g. country or user.plan" value={newField} onChange={(e) => setNewField(e.target.value.trim())} onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), addField())} aria-describedby="routing-new-field-hint" />
        <button type="button" className="button button--small" onClick={addField} disabled={!newField || fieldProblem !== null}>
          Add column
        </button>
        <span id="routing-new-field-hint" className={`small ${fieldProblem ? 'text-danger' : 'muted'}`}>
          {fieldProblem ?? 'Rules test the call’s context fields.'}
        </span>
      </div>
      <div className="table-wrap">
        <table className="table table--compact routing-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              {draft.contextFields.map((field) => (
                <th scope="col" key={field} data-context-field={field}>
                  <span className="mono">{field}</span>{' '}
                  <button type="button" className="button button--ghost button--small" aria-label={`Remove column ${field}`} onClick={() => removeField(field)}>
                    ×
                  </button>
                </th>
              ))}
              <th scope="col">Then</th>
              <th scope="col">
                <span className="sr-only">Order</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {draft.rules.map((rule, r) => {
              const split = rule.mode === 'split' ? checkSplit(rule.split, keys) : null;
              return (
                <tr key={r} data-rule-index={r}>
                  <th scope="row">{r + 1}</th>
                  {draft.contextFields.map((field) => {
                    const cell = rule.cells[field];
                    return (
                      <td key={field}>
                        <div className="routing-cell">
                          <select
                            className="input input--select input--small"
                            aria-label={`Rule ${r + 1}: condition on ${field}`}
                            value={cell?.op ?? ''}
                            onChange={(e) => {
                              const op = e.target.value as RoutingOperator | '';
                              setRule(r, { cells: { ...rule.cells, [field]: op === '' ? undefined : { op, value: op === 'exists' ? 'true' : (cell?.value ?? '') } } });
                            }}
                          >
                            <option value="">any</option>
                            {ROUTING_OPERATORS.map((op) => (
                              <option key={op} value={op}>
                                {OPERATOR_LABELS[op]}
                              </option>
                            ))}
                          </select>
                          {cell?.op === 'exists' ? (
                            <select
                              className="input input--select input--small"
                              aria-label={`Rule ${r + 1}: ${field} present or absent`}
                              value={cell.value === 'false' ? 'false' : 'true'}
                              onChange={(e) => setRule(r, { cells: { ...rule.cells, [field]: { ...cell, value: e.target.value } } })}
                            >
                              <option value="true">present</option>
                              <option value="false">absent</option>
                            </select>
                          ) : null}
                          {cell && cell.op !== 'exists' ? (
                            <input
                              className="input input--small"
                              aria-label={`Rule ${r + 1}: value of ${field}`}
                              placeholder={cell.op === 'in' || cell.op === 'nin' ? 'a, b, c' : 'value'}
                              value={cell.value}
                              onChange={(e) => setRule(r, { cells: { ...rule.cells, [field]: { ...cell, value: e.target.value } } })}
                            />
                          ) : null}
                        </div>
                      </td>
                    );
                  })}
                  <td>
                    <div className="routing-then">
                      <select
                        className="input input--select input--small"
                        aria-label={`Rule ${r + 1}: send to`}
                        value={rule.mode}
                        onChange={(e) => {
                          const mode = e.target.value as RuleDraft['mode'];
                          setRule(r, mode === 'split' ? { mode, split: rule.split.length > 0 ? rule.split : evenSplit(keys.slice(0, 2)) } : { mode });
                        }}
                      >
                        <option value="variant">Variant</option>
                        <option value="split">Split</option>
                      </select>
                      {rule.mode === 'variant' ? (
                        <select className="input input--select input--small" aria-label={`Rule ${r + 1}: variant`} value={rule.variant} onChange={(e) => setRule(r, { variant: e.target.value })}>
                          <option value="">Choose…</option>
                          {keys.map((k) => (
                            <option key={k} value={k}>
                              {k}
                            </option>
                          ))}
                        </select>
                      ) : (
                        <div className="split-editor">
                          {rule.split.map((share, s) => (
                            <div key={s} className="split-row">
                              <select
                                className="input input--select input--small"
                                aria-label={`Rule ${r + 1}: split variant ${s + 1}`}
                                value={share.variant}
                                onChange={(e) => setRule(r, { split: rule.split.map((x, i) => (i === s ? { ...x, variant: e.target.value } : x)) })}
                              >
                                <option value="">Choose…</option>
                                {keys.map((k) => (
                                  <option key={k} value={k}>
                                    {k}
                                  </option>
                                ))}
                              </select>
                              <input
                                className="input input--small input--percent"
                                inputMode="numeric"
                                aria-label={`Rule ${r + 1}: share of split variant ${s + 1} (%)`}
                                value={share.percent}
                                onChange={(e) => setRule(r, { split: rule.split.map((x, i) => (i === s ? { ...x, percent: e.target.value } : x)) })}
                              />
                              <span aria-hidden="true">%</span>
                              <button type="button" className="button button--ghost button--small" aria-label={`Rule ${r + 1}: remove split variant ${s + 1}`} onClick={() => setRule(r, { split: rule.split.filter((_, i) => i !== s) })}>
                                ×
                              </button>
                            </div>
                          ))}
                          <button type="button" className="button button--ghost button--small" onClick={() => setRule(r, { split: [...rule.split, { variant: '', percent: '' }] })}>
                            Add share
                          </button>
                          <p className={`small split-total${split && split.errors.length > 0 ? ' text-danger' : ' cap--yes'}`} data-split-total={split?.total} role="status">
                            Total {split?.total ?? 0} %{split && split.errors.length > 0 ? `: ${split.errors[0]}` : ''}
                          </p>
                          <input
                            className="input input--small"
                            aria-label={`Rule ${r + 1}: sticky on`}
                            placeholder="sticky on identity.id"
                            value={rule.stickyBy}
                            onChange={(e) => setRule(r, { stickyBy: e.target.value.trim() })}
                          />
                        </div>
                      )}
                    </div>
                  </td>
                  <td className="routing-order">
                    <button type="button" className="button button--ghost button--small" aria-label={`Move rule ${r + 1} up`} disabled={r === 0} onClick={() => move(r, -1)}>
                      ↑
                    </button>
                    <button type="button" className="button button--ghost button--small" aria-label={`Move rule ${r + 1} down`} disabled={r === draft.rules.length - 1} onClick={() => move(r, 1)}>
                      ↓
                    </button>
                    <button type="button" className="button button--ghost button--small" aria-label={`Remove rule ${r + 1}`} onClick={() => onChange({ ...draft, rules: draft.rules.filter((_, i) => i !== r) })}>
                      ×
                    </button>
                  </td>
                </tr>
              );
            })}
            <tr className="routing-default">
              <th scope="row">Else</th>
              {draft.contextFields.length > 0 ? (
                <td colSpan={draft.contextFields.length}>
                  <span className="muted small">Every call no rule takes</span>
                </td>
              ) : null}
              <td>
                <select className="input input--select input--small" aria-label="Default variant" value={draft.defaultVariant} onChange={(e) => onChange({ ...draft, defaultVariant: e.target.value })}>
                  {keys.map((k) => (
                    <option key={k} value={k}>
                      {k}
                    </option>
                  ))}
                </select>
              </td>
              <td />
            </tr>
          </tbody>
        </table>
      </div>
      <button type="button" className="button button--small" onClick={() => onChange({ ...draft, rules: [...draft.rules, { cells: {}, mode: 'variant', variant: keys[0] ?? '', split: [], stickyBy: '' }] })}>
        Add rule
      </button>
    </div>
  );
}
