import { type BudgetPeriod } from './budget.types';

const DAY_MS = 86_400_000;

export interface PeriodWindow {
  /** Unix ms, inclusive. */
  start: number;
  /** Unix ms, exclusive; null for `one_time` (it never ends by itself). */
  end: number | null;
}

/**
 * The UTC calendar period of `period` containing `now` (Unix ms): the day, the ISO week
 * (from Monday 00:00 UTC) or the month. A `one_time` budget has one period, from `since`
 * (its creation) on. The registry (consumption, alerts) and the gateway (Redis counter
 * keys) both use this, so they always agree on where a period starts.
 */
export function periodWindow(period: BudgetPeriod, now: number, since: number): PeriodWindow {
  const date = new Date(now);
  switch (period) {
    case 'daily': {
      const start = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
      return { start, end: start + DAY_MS };
    }
    case 'weekly': {
      const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
      const sinceMonday = (date.getUTCDay() + 6) % 7;
      const start = day - sinceMonday * DAY_MS;
      return { start, end: start + 7 * DAY_MS };
    }
    case 'monthly': {
      const start = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
      return { start, end: Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) };
    }
    case 'one_time':
      return { start: since, end: null };
  }
}

/** The window a budget counts now: its period, started no earlier than its last reset. */
export function countedWindow(period: BudgetPeriod, now: number, createdAt: number, resetAt: number | null): PeriodWindow {
  const window = periodWindow(period, now, createdAt);
  return resetAt !== null && resetAt > window.start ? { start: resetAt, end: window.end } : window;
}

/** The UTC minute of `now` (requests-per-minute limits). */
export function minuteWindow(now: number): PeriodWindow {
  const start = Math.floor(now / 60_000) * 60_000;
  return { start, end: start + 60_000 };
}

/** What a request is, as budget scopes see it. */
export interface BudgetSubject {
  apiKeyId: string;
  /** The private model's id, or a public model's `provider/model`. */
  modelId: string;
  deploymentId?: string | null;
}

/** Whether a budget of this scope counts (and limits) the request. */
export function budgetApplies(kind: string, targetId: string | null, subject: BudgetSubject): boolean {
  switch (kind) {
    case 'workspace':
      return true;
    case 'api_key':
      return targetId === subject.apiKeyId;
    case 'model':
      return targetId === subject.modelId;
    case 'deployment':
      return subject.deploymentId !== undefined && subject.deploymentId !== null && targetId === subject.deploymentId;
    default:
      return false;
  }
}
