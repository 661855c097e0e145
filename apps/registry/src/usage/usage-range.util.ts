/** Where the figures of a time range come from: rollups per day, hour and minute, and raw records for the rest. */
export type UsageSource = 'day' | 'hour' | 'minute' | 'raw';

/** A half-open range [from, to) in epoch milliseconds. */
export interface TimeRange {
  from: number;
  to: number;
}

/** At most two ranges per source (the middle of the coarsest level, or an edge on each side). */
export type UsagePlan = Record<UsageSource, TimeRange[]>;

const LEVELS: readonly { source: Exclude<UsageSource, 'raw'>; ms: number }[] = [
  { source: 'day', ms: 86_400_000 },
  { source: 'hour', ms: 3_600_000 },
  { source: 'minute', ms: 60_000 },
];

/**
 * Splits [from, to) into whole UTC days, then whole hours and whole minutes at its edges,
 * and the seconds left at each end, so a report reads the coarsest rollups that cover
 * it exactly: 30 days from an unaligned time are 29 day rows, up to 46 hour rows, up to
 * 118 minute rows per group and two sub-minute slices of raw records.
 */
export function planUsageRange(from: number, to: number, coarsest: Exclude<UsageSource, 'raw'> = 'day'): UsagePlan {
  const plan: UsagePlan = { day: [], hour: [], minute: [], raw: [] };
  split(from, to, LEVELS.findIndex((l) => l.source === coarsest), plan);
  return plan;
}

function split(from: number, to: number, level: number, plan: UsagePlan): void {
  if (from >= to) return;
  const step = LEVELS[level];
  if (!step) {
    plan.raw.push({ from, to });
    return;
  }
  const start = Math.ceil(from / step.ms) * step.ms;
  const end = Math.floor(to / step.ms) * step.ms;
  if (start >= end) return split(from, to, level + 1, plan);
  split(from, start, level + 1, plan);
  plan[step.source].push({ from: start, to: end });
  split(end, to, level + 1, plan);
}
