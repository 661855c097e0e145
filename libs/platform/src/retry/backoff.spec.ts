import { exponentialBackoffMs } from './backoff';

describe('exponentialBackoffMs', () => {
  it('doubles from baseMs and stops at maxMs (no jitter)', () => {
    const delays = [0, 1, 2, 3, 4, 5, 6].map((attempt) => exponentialBackoffMs(attempt, { baseMs: 100, maxMs: 2_000, jitter: 'none' }));
    expect(delays).toEqual([100, 200, 400, 800, 1_600, 2_000, 2_000]);
  });

  it('stays at maxMs for huge attempt numbers and treats a negative attempt as the first', () => {
    expect(exponentialBackoffMs(5_000, { baseMs: 200, maxMs: 10_000, jitter: 'none' })).toBe(10_000);
    expect(exponentialBackoffMs(-3, { baseMs: 200, maxMs: 10_000, jitter: 'none' })).toBe(200);
  });

  it('with equal jitter (the default), lands between half and all of the exponential delay', () => {
    expect(exponentialBackoffMs(3, { baseMs: 100, maxMs: 60_000 }, () => 0)).toBe(400);
    expect(exponentialBackoffMs(3, { baseMs: 100, maxMs: 60_000 }, () => 0.5)).toBe(600);
    expect(exponentialBackoffMs(3, { baseMs: 100, maxMs: 60_000 }, () => 0.999_999)).toBe(800);
    expect(exponentialBackoffMs(20, { baseMs: 100, maxMs: 1_000 }, () => 0)).toBe(500);
  });
});
