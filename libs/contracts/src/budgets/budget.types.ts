/**
 * Budgets: spend, token and request limits on a workspace, one API key, one model or
 * one deployment, per UTC calendar period (orq.ai's budgets, in Model Garden's words).
 * The registry stores them and keeps the durable ledger; the gateway enforces them
 * through counters in Redis shared by every replica.
 */
export const BUDGET_SCOPE_KINDS = ['workspace', 'api_key', 'model', 'deployment'] as const;
export type BudgetScopeKind = (typeof BUDGET_SCOPE_KINDS)[number];

/** `daily`, `weekly` (ISO weeks, from Monday) and `monthly` are UTC calendar periods; `one_time` never resets by itself. */
export const BUDGET_PERIODS = ['daily', 'weekly', 'monthly', 'one_time'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

/** What a limit counts: the amount in USD, tokens (input + output), or requests in a minute. */
export const BUDGET_METRICS = ['amount', 'tokens', 'requests_per_minute'] as const;
export type BudgetMetric = (typeof BUDGET_METRICS)[number];

export const BUDGET_LIMITS = {
  nameChars: 100,
  maxAmountUsd: 1_000_000_000,
  maxTokens: 1_000_000_000_000,
  maxRequestsPerMinute: 1_000_000,
  maxAlerts: 10,
  /** Budgets per workspace. */
  maxBudgets: 200,
} as const;

export interface BudgetScope {
  kind: BudgetScopeKind;
  /** The API key id, model id or deployment id; null for the workspace. */
  targetId: string | null;
}

export interface BudgetLimits {
  /** USD per period. */
  amount: number | null;
  /** Input + output tokens per period. */
  tokenLimit: number | null;
  /** Requests per minute, a rolling UTC minute independent of the period. */
  requestsPerMinute: number | null;
}

export interface BudgetAlert {
  /** Percent of a limit (1 to 100): BudgetThresholdReached is published once per period and threshold. */
  threshold: number;
}

/** What a budget consumed in its current period (since its last reset), from the registry's ledger. */
export interface BudgetConsumption {
  amount: number;
  tokens: number;
  requests: number;
  periodStart: string;
  /** When the period ends and the counters start again; null for `one_time`. */
  resetsAt: string | null;
}

export interface BudgetView {
  id: string;
  workspaceId: string;
  name: string;
  scope: BudgetScope;
  period: BudgetPeriod;
  limits: BudgetLimits;
  alerts: BudgetAlert[];
  active: boolean;
  expiresAt: string | null;
  /** The last `POST /v1/budgets/{id}/reset`, if any. */
  resetAt: string | null;
  consumption: BudgetConsumption;
  createdAt: string;
  updatedAt: string;
}

export interface BudgetListPage {
  data: BudgetView[];
}

/** A threshold crossing, as stored and listed (`GET /v1/budgets/alerts`). */
export interface BudgetThresholdEventView {
  id: string;
  budgetId: string;
  budgetName: string;
  metric: Exclude<BudgetMetric, 'requests_per_minute'>;
  threshold: number;
  /** The consumption and the limit when the threshold was crossed. */
  consumed: number;
  limit: number;
  periodStart: string;
  reachedAt: string;
}

export interface BudgetThresholdEventPage {
  data: BudgetThresholdEventView[];
}

/** Payload of BudgetChanged: a budget was created, changed, reset or deleted. Keyed by budget id. */
export interface BudgetChangedData {
  budgetId: string;
  workspaceId: string;
  change: 'created' | 'updated' | 'reset' | 'deleted';
}

/** Payload of BudgetThresholdReached: once per budget, period, metric and threshold. Keyed by budget id. */
export interface BudgetThresholdReachedData {
  budgetId: string;
  workspaceId: string;
  name: string;
  metric: Exclude<BudgetMetric, 'requests_per_minute'>;
  threshold: number;
  consumed: number;
  limit: number;
  periodStart: string;
  resetsAt: string | null;
}

/** The gateway's 429 `budget_exceeded` names the budget in the error's `param` and says when it resets. */
export const BUDGET_HEADERS = {
  /** The id of the budget that refused the call. */
  budget: 'x-model-garden-budget',
} as const;
