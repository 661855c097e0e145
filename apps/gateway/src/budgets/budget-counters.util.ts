import { type BudgetPeriod, countedWindow, type EnforcedBudget, minuteWindow } from '@model-garden/contracts';
import { type BudgetCounter, NANOS_PER_USD } from './budget-store';

const DAY_SECONDS = 86_400;
/** A one_time budget's counter lives this long after its last use (the ledger rebuilds it after). */
const ONE_TIME_TTL_SECONDS = 90 * DAY_SECONDS;

export interface CounterWindow {
  start: number;
  end: number | null;
}

/** The window a budget counts at `now`: its UTC period, from its last reset on. */
export function windowOf(budget: EnforcedBudget, now: number): CounterWindow {
  return countedWindow(budget.period as BudgetPeriod, now, budget.createdAtMs, budget.resetAtMs > 0 ? budget.resetAtMs : null);
}

/**
 * The Redis keys and limits of a budget at `now`. The period key names the budget, its
 * reset count and its period's start, so a new period or a reset starts a new counter
 * (the old one expires a day after its period).
 */
export function counterOf(prefix: string, budget: EnforcedBudget, now: number): BudgetCounter {
  const window = windowOf(budget, now);
  const base = `${prefix}:budget:${budget.id}:${budget.resetCount}`;
  const minute = minuteWindow(now);
  const ttlSeconds = window.end === null ? ONE_TIME_TTL_SECONDS : Math.max(60, Math.ceil((window.end - now) / 1000) + DAY_SECONDS);
  return {
    periodKey: `${base}:${window.start}`,
    minuteKey: `${base}:rpm:${minute.start}`,
    amountLimitNanos: budget.amountUsd === undefined || budget.amountUsd === null ? -1 : Math.round(budget.amountUsd * NANOS_PER_USD),
    tokenLimit: budget.tokenLimit === undefined || budget.tokenLimit === null ? -1 : budget.tokenLimit,
    requestsPerMinute: budget.requestsPerMinute === undefined || budget.requestsPerMinute === null ? -1 : budget.requestsPerMinute,
    ttlSeconds,
  };
}

/** USD to whole nano-dollars, rounded up (a reservation never under-counts). */
export function usdToNanos(usd: number): number {
  return Math.ceil(Math.round(usd * NANOS_PER_USD * 1000) / 1000);
}
