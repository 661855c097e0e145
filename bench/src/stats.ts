/** Percentiles and summaries of samples (milliseconds unless a caller says otherwise). */

export interface Summary {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * The p-th percentile (0–100) of samples sorted ascending, with linear interpolation
 * between the two closest ranks (the method of numpy's default and of Excel's
 * PERCENTILE.INC): p50 of [1, 2, 3, 4] is 2.5. NaN for no samples.
 */
export function percentileOfSorted(sorted: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  if (sorted.length === 0) return Number.NaN;
  if (sorted.length === 1) return sorted[0]!;
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const weight = rank - low;
  return sorted[low]! + (sorted[high]! - sorted[low]!) * weight;
}

export function percentile(samples: readonly number[], p: number): number {
  return percentileOfSorted(sortedCopy(samples), p);
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = sortedCopy(samples);
  const count = sorted.length;
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    count,
    min: count ? sorted[0]! : Number.NaN,
    mean: count ? sum / count : Number.NaN,
    p50: percentileOfSorted(sorted, 50),
    p90: percentileOfSorted(sorted, 90),
    p95: percentileOfSorted(sorted, 95),
    p99: percentileOfSorted(sorted, 99),
    max: count ? sorted[count - 1]! : Number.NaN,
  };
}

/** Rounds for display and JSON: 3 decimals below 10, 2 below 1000, integers above. NaN stays NaN. */
export function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  const abs = Math.abs(value);
  const digits = abs < 10 ? 3 : abs < 1000 ? 2 : 0;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function sortedCopy(samples: readonly number[]): number[] {
  for (const value of samples) {
    if (!Number.isFinite(value)) throw new RangeError(`samples must be finite numbers, got ${value}`);
  }
  return [...samples].sort((a, b) => a - b);
}
