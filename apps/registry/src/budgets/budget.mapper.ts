import { type BudgetConsumption, type BudgetThresholdEventView, type BudgetView, countedWindow, type EnforcedBudget } from '@model-garden/contracts';
import { type BudgetAlertEntity } from './budget-alert.entity';
import { type BudgetEntity } from './budget.entity';
import { type LedgerTotals } from './budget-ledger.repository';

/** The window a budget counts at `now`: its UTC calendar period, from its last reset on. */
export function budgetWindow(budget: BudgetEntity, now: Date): { start: Date; end: Date | null } {
  const window = countedWindow(budget.period, now.getTime(), budget.createdAt.getTime(), budget.resetAt?.getTime() ?? null);
  return { start: new Date(window.start), end: window.end === null ? null : new Date(window.end) };
}

export function toBudgetView(budget: BudgetEntity, totals: LedgerTotals, window: { start: Date; end: Date | null }): BudgetView {
  const consumption: BudgetConsumption = {
    amount: roundUsd(totals.amount),
    tokens: totals.tokens,
    requests: totals.requests,
    periodStart: window.start.toISOString(),
    resetsAt: window.end?.toISOString() ?? null,
  };
  return {
    id: budget.id,
    workspaceId: budget.workspaceId,
    name: budget.name,
    scope: { kind: budget.scopeKind, targetId: budget.scopeTargetId },
    period: budget.period,
    limits: { amount: budget.amountUsd, tokenLimit: budget.tokenLimit, requestsPerMinute: budget.requestsPerMinute },
    alerts: budget.alertThresholds.map((threshold) => ({ threshold })),
    active: budget.active,
    expiresAt: budget.expiresAt?.toISOString() ?? null,
    resetAt: budget.resetAt?.toISOString() ?? null,
    consumption,
    createdAt: budget.createdAt.toISOString(),
    updatedAt: budget.updatedAt.toISOString(),
  };
}

/** A budget as the gateway enforces it (gRPC ListWorkspaceBudgets). */
export function toEnforcedBudget(budget: BudgetEntity): EnforcedBudget {
  return {
    id: budget.id,
    name: budget.name,
    scopeKind: budget.scopeKind,
    scopeTargetId: budget.scopeTargetId ?? '',
    period: budget.period,
    ...(budget.amountUsd !== null ? { amountUsd: budget.amountUsd } : {}),
    ...(budget.tokenLimit !== null ? { tokenLimit: budget.tokenLimit } : {}),
    ...(budget.requestsPerMinute !== null ? { requestsPerMinute: budget.requestsPerMinute } : {}),
    expiresAtMs: budget.expiresAt?.getTime() ?? 0,
    createdAtMs: budget.createdAt.getTime(),
    resetAtMs: budget.resetAt?.getTime() ?? 0,
    resetCount: budget.resetCount,
  } as EnforcedBudget;
}

export function toThresholdEventView(alert: BudgetAlertEntity, budgetName: string): BudgetThresholdEventView {
  return {
    id: alert.id,
    budgetId: alert.budgetId,
    budgetName,
    metric: alert.metric,
    threshold: alert.threshold,
    consumed: alert.metric === 'amount' ? roundUsd(alert.consumed) : alert.consumed,
    limit: alert.limit,
    periodStart: alert.periodStart.toISOString(),
    reachedAt: alert.reachedAt.toISOString(),
  };
}

/** USD to the nano-dollar the ledger keeps, without binary noise. */
export function roundUsd(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}
