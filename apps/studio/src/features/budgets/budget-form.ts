import { BUDGET_RULES, type BudgetPeriod, type BudgetScopeKind, type BudgetView, checkRule, type FieldError } from '@model-garden/contracts/browser';

/** The budget form as typed: text fields, checked with the contracts' rules before sending. */
export interface BudgetDraft {
  name: string;
  scopeKind: BudgetScopeKind;
  targetId: string;
  period: BudgetPeriod;
  amount: string;
  tokenLimit: string;
  requestsPerMinute: string;
  /** Comma-separated percents, e.g. "50, 80, 100". */
  alerts: string;
  active: boolean;
}

export function emptyDraft(): BudgetDraft {
  return { name: '', scopeKind: 'workspace', targetId: '', period: 'monthly', amount: '', tokenLimit: '', requestsPerMinute: '', alerts: '80, 100', active: true };
}

export function draftOf(budget: BudgetView): BudgetDraft {
  const text = (value: number | null): string => (value === null ? '' : String(value));
  return {
    name: budget.name,
    scopeKind: budget.scope.kind,
    targetId: budget.scope.targetId ?? '',
    period: budget.period,
    amount: text(budget.limits.amount),
    tokenLimit: text(budget.limits.tokenLimit),
    requestsPerMinute: text(budget.limits.requestsPerMinute),
    alerts: budget.alerts.map((a) => a.threshold).join(', '),
    active: budget.active,
  };
}

const number = (text: string): number | null => (text.trim() === '' ? null : Number(text.trim()));

/**
 * The request body for a draft, or the problems to show (by field, in the API's field
 * names). `editing`: PATCH leaves the scope alone.
 */
export function budgetRequest(draft: BudgetDraft, editing: boolean): { body: Record<string, unknown> } | { problems: FieldError[] } {
  const problems: FieldError[] = [];
  const check = (field: string, problem: string | null): void => {
    if (problem) problems.push({ field, message: problem });
  };
  check('name', checkRule(BUDGET_RULES.name, draft.name.trim()));
  const amount = number(draft.amount);
  const tokenLimit = number(draft.tokenLimit);
  const requestsPerMinute = number(draft.requestsPerMinute);
  if (amount !== null) check('limits.amount', checkRule(BUDGET_RULES.amount, amount));
  if (tokenLimit !== null) check('limits.tokenLimit', checkRule(BUDGET_RULES.tokenLimit, tokenLimit));
  if (requestsPerMinute !== null) check('limits.requestsPerMinute', checkRule(BUDGET_RULES.requestsPerMinute, requestsPerMinute));
  if (amount === null && tokenLimit === null && requestsPerMinute === null) problems.push({ field: 'limits', message: 'Set at least one limit: an amount, tokens or requests per minute.' });
  const thresholds = draft.alerts
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map(Number);
  for (const threshold of thresholds) check('alerts', checkRule(BUDGET_RULES.alertThreshold, threshold));
  if (new Set(thresholds).size !== thresholds.length) problems.push({ field: 'alerts', message: 'Each alert threshold once.' });
  if (!editing && draft.scopeKind !== 'workspace') check('scope.targetId', draft.targetId.trim() === '' ? `Name the ${draft.scopeKind.replace('_', ' ')} (its id; a model or deployment key works too).` : null);
  if (problems.length > 0) return { problems };
  const body: Record<string, unknown> = {
    name: draft.name.trim(),
    period: draft.period,
    limits: { amount, tokenLimit, requestsPerMinute },
    alerts: [...new Set(thresholds)].map((threshold) => ({ threshold })),
    active: draft.active,
  };
  if (!editing) body['scope'] = draft.scopeKind === 'workspace' ? { kind: 'workspace' } : { kind: draft.scopeKind, targetId: draft.targetId.trim() };
  return { body };
}

/** The share of the most used limit (0..1+), for the consumption bar. */
export function usedShare(budget: BudgetView): number {
  const shares = [
    budget.limits.amount ? budget.consumption.amount / budget.limits.amount : null,
    budget.limits.tokenLimit ? budget.consumption.tokens / budget.limits.tokenLimit : null,
  ].filter((share): share is number => share !== null);
  return shares.length === 0 ? 0 : Math.max(...shares);
}
