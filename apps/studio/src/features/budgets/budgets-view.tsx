import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { BUDGET_PERIODS, BUDGET_SCOPE_KINDS, type BudgetThresholdEventView, type BudgetView, type FieldError } from '@model-garden/contracts/browser';
import { type FormEvent, type ReactNode, useState } from 'react';
import { ApiError } from '../../api/registry-client';
import { useStudio } from '../../app/studio-context';
import { Dialog } from '../../components/dialog';
import { SelectField, TextField } from '../../components/fields';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { Switch } from '../../components/switch';
import { formatCount, formatDateTime, formatUsd } from '../../lib/format';
import { type BudgetDraft, budgetRequest, draftOf, emptyDraft, usedShare } from './budget-form';
import { budgetAlertsQuery, budgetKeys, budgetsQuery, deleteBudget, resetBudget, saveBudget } from './budgets-api';

const SCOPE_LABELS: Record<string, string> = { workspace: 'Workspace', api_key: 'API key', model: 'Model', deployment: 'Deployment' };
const PERIOD_LABELS: Record<string, string> = { daily: 'Daily (UTC)', weekly: 'Weekly (from Monday, UTC)', monthly: 'Monthly (UTC)', one_time: 'One time' };

/** Budgets: each with its consumption in the current period, its limits and alerts; create, edit, reset, delete; threshold events. */
export function BudgetsView(): ReactNode {
  const { client } = useStudio();
  const budgets = useQuery(budgetsQuery(client));
  const alerts = useQuery(budgetAlertsQuery(client));
  const [editing, setEditing] = useState<BudgetView | 'new' | null>(null);

  return (
    <>
      <div className="page-header">
        <div>
          <h1 tabIndex={-1}>Budgets</h1>
          <p className="muted">Spend, token and request limits the gateway enforces before each call (429 budget_exceeded once one is used up).</p>
        </div>
        <div className="page-header__actions">
          <button type="button" className="button button--primary" onClick={() => setEditing('new')}>
            New budget
          </button>
        </div>
      </div>
      {budgets.isPending ? <Loading label="Loading budgets…" /> : null}
      {budgets.isError ? <ErrorState title="Budgets could not be loaded" error={budgets.error} onRetry={() => void budgets.refetch()} /> : null}
      {budgets.isSuccess && budgets.data.length === 0 ? (
        <EmptyState title="No budgets yet">Create one to cap what the workspace, an API key, a model or a deployment may spend per day, week or month.</EmptyState>
      ) : null}
      {budgets.isSuccess && budgets.data.length > 0 ? (
        <section className="card" aria-labelledby="budget-list">
          <h2 id="budget-list">Current period</h2>
          <ul className="budget-list">
            {budgets.data.map((budget) => (
              <BudgetRow key={budget.id} budget={budget} onEdit={() => setEditing(budget)} />
            ))}
          </ul>
        </section>
      ) : null}
      <section className="card" aria-labelledby="budget-threshold-events">
        <h2 id="budget-threshold-events">Threshold events</h2>
        {alerts.isSuccess && alerts.data.length === 0 ? <p className="muted">No budget has crossed an alert threshold yet.</p> : null}
        {alerts.isSuccess && alerts.data.length > 0 ? <AlertsTable events={alerts.data} /> : null}
        {alerts.isError ? <ErrorState title="Threshold events could not be loaded" error={alerts.error} /> : null}
      </section>
      {editing !== null ? <BudgetDialog budget={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
}

function BudgetRow({ budget, onEdit }: { budget: BudgetView; onEdit: () => void }): ReactNode {
  const { client, notify } = useStudio();
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: budgetKeys.all });
  const reset = useMutation({ mutationFn: () => resetBudget(client, budget.id), onSuccess: () => (notify(`${budget.name} was reset.`), refresh()), onError: (e: Error) => notify(e.message, 'error') });
  const remove = useMutation({ mutationFn: () => deleteBudget(client, budget.id), onSuccess: () => (notify(`${budget.name} was deleted.`), refresh()), onError: (e: Error) => notify(e.message, 'error') });
  const share = usedShare(budget);
  const percent = Math.round(share * 100);
  const { limits, consumption } = budget;
  return (
    <li className="budget" data-budget-id={budget.id}>
      <div className="budget__head">
        <h3 className="budget__name">{budget.name}</h3>
        <span className="muted small">
          {SCOPE_LABELS[budget.scope.kind]}
          {budget.scope.targetId ? <span className="mono"> {budget.scope.targetId}</span> : null} · {PERIOD_LABELS[budget.period]}
          {budget.active ? '' : ' · paused'}
        </span>
      </div>
      <div className="budget__bar">
        <progress max={100} value={Math.min(100, percent)} aria-label={`${budget.name}: ${percent}% used`} className={share >= 1 ? 'budget__progress budget__progress--over' : 'budget__progress'} />
        <span className="small" data-budget-used>
          {percent}% used
        </span>
      </div>
      <dl className="budget__figures small">
        {limits.amount !== null ? (
          <div>
            <dt>Amount</dt>
            <dd data-budget-amount>
              {formatUsd(consumption.amount)} of {formatUsd(limits.amount)}
            </dd>
          </div>
        ) : null}
        {limits.tokenLimit !== null ? (
          <div>
            <dt>Tokens</dt>
            <dd data-budget-tokens>
              {formatCount(consumption.tokens)} of {formatCount(limits.tokenLimit)}
            </dd>
          </div>
        ) : null}
        {limits.requestsPerMinute !== null ? (
          <div>
            <dt>Requests per minute</dt>
            <dd>{formatCount(limits.requestsPerMinute)}</dd>
          </div>
        ) : null}
        <div>
          <dt>Requests this period</dt>
          <dd>{formatCount(consumption.requests)}</dd>
        </div>
        <div>
          <dt>Alerts</dt>
          <dd>{budget.alerts.length > 0 ? budget.alerts.map((a) => `${a.threshold}%`).join(', ') : 'none'}</dd>
        </div>
        <div>
          <dt>Resets</dt>
          <dd>{consumption.resetsAt ? formatDateTime(consumption.resetsAt) : 'never by itself'}</dd>
        </div>
      </dl>
      <div className="budget__actions">
        <button type="button" className="button button--small" onClick={onEdit}>
          Edit
        </button>
        <button type="button" className="button button--small" disabled={reset.isPending} onClick={() => reset.mutate()}>
          Reset
        </button>
        <button type="button" className="button button--ghost button--small" disabled={remove.isPending} onClick={() => window.confirm(`Delete the budget ${budget.name}?`) && remove.mutate()}>
          Delete
        </button>
      </div>
    </li>
  );
}

function AlertsTable({ events }: { events: BudgetThresholdEventView[] }): ReactNode {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Budget</th>
            <th scope="col">Threshold</th>
            <th scope="col">Consumed</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.id} data-alert-budget={event.budgetId}>
              <td>{formatDateTime(event.reachedAt)}</td>
              <th scope="row">{event.budgetName}</th>
              <td>
                {event.threshold}% of {event.metric === 'amount' ? 'the amount' : 'the tokens'}
              </td>
              <td>{event.metric === 'amount' ? `${formatUsd(event.consumed)} of ${formatUsd(event.limit)}` : `${formatCount(event.consumed)} of ${formatCount(event.limit)}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function BudgetDialog({ budget, onClose }: { budget: BudgetView | null; onClose: () => void }): ReactNode {
  const { client, notify } = useStudio();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<BudgetDraft>(() => (budget ? draftOf(budget) : emptyDraft()));
  const [problems, setProblems] = useState<FieldError[]>([]);
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => saveBudget(client, budget?.id ?? null, body),
    onSuccess: (saved) => {
      notify(`${saved.name} was saved.`);
      void queryClient.invalidateQueries({ queryKey: budgetKeys.all });
      onClose();
    },
    onError: (error: Error) => {
      if (error instanceof ApiError && error.details.length > 0) setProblems(error.details);
      else notify(error.message, 'error');
    },
  });
  const set = <K extends keyof BudgetDraft>(field: K) => (value: BudgetDraft[K]) => setDraft((d) => ({ ...d, [field]: value }));
  const problem = (field: string): string | undefined => problems.filter((p) => p.field === field || p.field.startsWith(`${field}[`)).map((p) => p.message)[0];
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const request = budgetRequest(draft, budget !== null);
    if ('problems' in request) {
      setProblems(request.problems);
      return;
    }
    setProblems([]);
    save.mutate(request.body);
  };
  return (
    <Dialog open title={budget ? `Edit ${budget.name}` : 'New budget'} onClose={onClose}>
      <form onSubmit={submit} noValidate className="form">
        <TextField id="budget-name" label="Name" required value={draft.name} onChange={set('name')} error={problem('name')} />
        {budget === null ? (
          <>
            <SelectField id="budget-scope" label="Applies to" required value={draft.scopeKind} onChange={(v) => set('scopeKind')(v as BudgetDraft['scopeKind'])} options={BUDGET_SCOPE_KINDS.map((k) => ({ value: k, label: SCOPE_LABELS[k]! }))} />
            {draft.scopeKind !== 'workspace' ? (
              <TextField id="budget-target" label={`${SCOPE_LABELS[draft.scopeKind]} id`} required hint="An API key id, a model (id, key or ref) or a deployment (id or key)." value={draft.targetId} onChange={set('targetId')} error={problem('scope.targetId')} />
            ) : null}
          </>
        ) : null}
        <SelectField id="budget-period" label="Period" required value={draft.period} onChange={(v) => set('period')(v as BudgetDraft['period'])} options={BUDGET_PERIODS.map((p) => ({ value: p, label: PERIOD_LABELS[p]! }))} error={problem('period')} />
        <TextField id="budget-amount" label="Amount (USD per period)" inputMode="decimal" value={draft.amount} onChange={set('amount')} error={problem('limits.amount') ?? problem('limits')} />
        <TextField id="budget-tokens" label="Tokens per period" inputMode="numeric" value={draft.tokenLimit} onChange={set('tokenLimit')} error={problem('limits.tokenLimit')} />
        <TextField id="budget-rpm" label="Requests per minute" inputMode="numeric" value={draft.requestsPerMinute} onChange={set('requestsPerMinute')} error={problem('limits.requestsPerMinute')} />
        <TextField id="budget-alerts" label="Alert thresholds (%)" hint="Comma-separated, e.g. 50, 80, 100: each publishes BudgetThresholdReached once per period." value={draft.alerts} onChange={set('alerts')} error={problem('alerts')} />
        <Switch checked={draft.active} label="Enforced" onChange={set('active')} />
        <div className="dialog__actions">
          <button type="button" className="button button--ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save budget'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
