import { decodeHistogram, histogramQuantile, LATENCY_BOUNDS_MS, LATENCY_BUCKET_COUNT, latencyBucket, mergeHistograms } from './latency-histogram.util';

/** A seeded generator (mulberry32), so a failure replays. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function histogramOf(latencies: number[]): number[] {
  const histogram = new Array<number>(LATENCY_BUCKET_COUNT).fill(0);
  for (const latency of latencies) histogram[latencyBucket(latency)]!++;
  return histogram;
}

describe('latency histogram', () => {
  it('has the 76 bounds the migration wrote into usage_latency_bounds(), four per doubling up to 2^20 ms', () => {
    expect(LATENCY_BOUNDS_MS).toHaveLength(76);
    expect(LATENCY_BOUNDS_MS.slice(0, 12)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 13, 16]);
    expect(LATENCY_BOUNDS_MS.at(-1)).toBe(1_048_576);
    expect(LATENCY_BUCKET_COUNT).toBe(77);
  });

  it('puts a latency in the bucket whose bounds hold it, as width_bucket does', () => {
    expect(latencyBucket(0)).toBe(0);
    expect(latencyBucket(1)).toBe(1);
    expect(latencyBucket(9)).toBe(8);
    expect(latencyBucket(10)).toBe(9);
    expect(latencyBucket(2_000_000)).toBe(76);
    for (let i = 1; i < LATENCY_BOUNDS_MS.length; i++) {
      expect(latencyBucket(LATENCY_BOUNDS_MS[i]!)).toBe(i + 1);
      expect(latencyBucket(LATENCY_BOUNDS_MS[i]! - 1)).toBe(LATENCY_BOUNDS_MS[i]! - 1 >= LATENCY_BOUNDS_MS[i - 1]! ? i : i - 1);
    }
  });

  it('reads percentiles within one bucket width (≤ 19 %) of the exact ones, for random latencies', () => {
    const next = random(42);
    for (let round = 0; round < 50; round++) {
      const latencies = Array.from({ length: 1 + Math.floor(next() * 500) }, () => Math.round(Math.exp(next() * 10)));
      const sorted = [...latencies].sort((a, b) => a - b);
      const histogram = histogramOf(latencies);
      for (const q of [0.5, 0.95, 0.99]) {
        const exact = sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
        const estimate = histogramQuantile(histogram, q)!;
        const bucket = latencyBucket(exact);
        const low = bucket === 0 ? 0 : LATENCY_BOUNDS_MS[bucket - 1]!;
        const high = LATENCY_BOUNDS_MS[bucket] ?? Infinity;
        expect(estimate).toBeGreaterThanOrEqual(low);
        expect(estimate).toBeLessThanOrEqual(high);
      }
    }
  });

  it('merges bucket by bucket and answers null for no requests', () => {
    const merged = mergeHistograms([histogramOf([1, 100]), histogramOf([100, 5_000])]);
    expect(merged.reduce((a, b) => a + b, 0)).toBe(4);
    expect(merged[latencyBucket(100)]).toBe(2);
    expect(histogramQuantile(new Array<number>(LATENCY_BUCKET_COUNT).fill(0), 0.5)).toBeNull();
  });

  it("decodes PostgreSQL's numeric histogram: 20-digit fields from the right, one per bucket", () => {
    const encode = (counts: number[]): string => counts.reduce((sum, count, i) => sum + BigInt(count) * 10n ** BigInt(20 * i), 0n).toString();
    const counts = new Array<number>(LATENCY_BUCKET_COUNT).fill(0);
    counts[0] = 3;
    counts[30] = 12_345;
    counts[76] = 7;
    expect(decodeHistogram(encode(counts))).toEqual(counts);
    expect(decodeHistogram('5')).toEqual([5, ...new Array<number>(LATENCY_BUCKET_COUNT - 1).fill(0)]);
    expect(decodeHistogram(null)).toEqual(new Array<number>(LATENCY_BUCKET_COUNT).fill(0));
  });
});
