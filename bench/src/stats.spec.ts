import { median, percentile, percentileOfSorted, round, summarize } from './stats';

describe('percentile', () => {
  it('interpolates linearly between the closest ranks', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 90)).toBe(46);
    expect(percentile([4, 1, 3, 2], 0)).toBe(1);
    expect(percentile([4, 1, 3, 2], 100)).toBe(4);
  });

  it('does not care about the input order and leaves the input alone', () => {
    const samples = [5, 3, 1, 4, 2];
    expect(percentile(samples, 50)).toBe(3);
    expect(samples).toEqual([5, 3, 1, 4, 2]);
  });

  it('gives the only sample for any percentile of one, and NaN for none', () => {
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('matches nearest-rank at exact ranks: p95 of 1..101 is 96', () => {
    const samples = Array.from({ length: 101 }, (_, i) => i + 1);
    expect(percentile(samples, 95)).toBe(96);
    expect(percentileOfSorted(samples, 99)).toBe(100);
  });

  it('refuses percentiles outside 0..100 and non-finite samples', () => {
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], -1)).toThrow(RangeError);
    expect(() => percentile([1, Number.NaN], 50)).toThrow(RangeError);
  });

  it('stays within the samples and grows with p', () => {
    const samples = [0.31, 0.29, 0.4, 12, 0.33, 0.35, 0.3];
    let previous = -Infinity;
    for (let p = 0; p <= 100; p += 5) {
      const value = percentile(samples, p);
      expect(value).toBeGreaterThanOrEqual(previous);
      expect(value).toBeGreaterThanOrEqual(Math.min(...samples));
      expect(value).toBeLessThanOrEqual(Math.max(...samples));
      previous = value;
    }
  });
});

describe('summarize', () => {
  it('gives count, min, mean, percentiles and max', () => {
    expect(summarize([3, 1, 2])).toEqual({ count: 3, min: 1, mean: 2, p50: 2, p90: 2.8, p95: 2.9, p99: 2.98, max: 3 });
  });

  it('gives NaN figures for no samples', () => {
    const s = summarize([]);
    expect(s.count).toBe(0);
    expect(s.p50).toBeNaN();
    expect(s.max).toBeNaN();
  });

  it('median is p50', () => {
    expect(median([9, 1, 5, 3])).toBe(4);
  });
});

describe('round', () => {
  it('keeps 3 decimals below 10, 2 below 1000, none above', () => {
    expect(round(0.123456)).toBe(0.123);
    expect(round(123.456)).toBe(123.46);
    expect(round(12345.6)).toBe(12346);
    expect(round(-0.0004)).toBe(-0);
    expect(round(Number.NaN)).toBeNaN();
  });
});
