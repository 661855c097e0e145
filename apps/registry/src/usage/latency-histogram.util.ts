/**
 * The latency histogram of usage rollups: fixed log-spaced buckets, four per doubling
 * (bounds round(2^(i/4)) ms for i = 0..80, deduplicated), so a bucket is at most ~19 %
 * wide and a percentile read from it is within about 10 % of the exact one. PostgreSQL
 * holds the same bounds (`usage_latency_bounds()`, migration UsageRollupsAndPartitions);
 * they never change, since stored rollups cannot be re-bucketed.
 *
 * Bucket 0 is [0, 1 ms), bucket k is [BOUNDS[k-1], BOUNDS[k]), the last one is
 * [1,048,576 ms, ∞). Here a histogram is an array of LATENCY_BUCKET_COUNT counts; in
 * PostgreSQL it is one numeric whose 20-digit decimal fields, from the right, are the
 * counts (`usage_latency_histogram_of(ms)` is 10^(20 * bucket)), so histograms merge by
 * plain addition (sum(), `+`) at numeric speed; decodeHistogram reads it back.
 */
export const LATENCY_BOUNDS_MS: readonly number[] = [...new Set(Array.from({ length: 81 }, (_, i) => Math.round(2 ** (i / 4))))];
export const LATENCY_BUCKET_COUNT = LATENCY_BOUNDS_MS.length + 1;

/** The bucket (0-based) of a latency, as PostgreSQL's width_bucket puts it. */
export function latencyBucket(latencyMs: number): number {
  let low = 0;
  let high = LATENCY_BOUNDS_MS.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (LATENCY_BOUNDS_MS[middle]! <= latencyMs) low = middle + 1;
    else high = middle;
  }
  return low;
}

export const HISTOGRAM_FIELD_DIGITS = 20;

/** The counts of a histogram PostgreSQL summed (the decimal text of its numeric); all zero for null. */
export function decodeHistogram(text: string | null): number[] {
  const counts = new Array<number>(LATENCY_BUCKET_COUNT).fill(0);
  if (text === null) return counts;
  const digits = text.split('.')[0]!;
  for (let i = 0; i < LATENCY_BUCKET_COUNT; i++) {
    const end = digits.length - i * HISTOGRAM_FIELD_DIGITS;
    if (end <= 0) break;
    counts[i] = Number(digits.slice(Math.max(0, end - HISTOGRAM_FIELD_DIGITS), end));
  }
  return counts;
}

/** Adds histograms bucket by bucket. */
export function mergeHistograms(histograms: readonly (readonly number[])[]): number[] {
  const total = new Array<number>(LATENCY_BUCKET_COUNT).fill(0);
  for (const histogram of histograms) histogram.forEach((count, i) => (total[i]! += count));
  return total;
}

/**
 * The q-quantile (0..1) of the latencies a histogram counts, interpolated linearly inside
 * the bucket that holds it (the last, open bucket answers its lower bound); null when empty.
 */
export function histogramQuantile(histogram: readonly number[], q: number): number | null {
  const n = histogram.reduce((sum, count) => sum + count, 0);
  if (n === 0) return null;
  const rank = q * n;
  let before = 0;
  for (let i = 0; i < histogram.length; i++) {
    const count = histogram[i]!;
    if (count > 0 && before + count >= rank) {
      const low = i === 0 ? 0 : LATENCY_BOUNDS_MS[i - 1]!;
      const high = LATENCY_BOUNDS_MS[i];
      if (high === undefined) return low;
      return low + ((high - low) * Math.max(0, rank - before)) / count;
    }
    before += count;
  }
  return LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1]!;
}
