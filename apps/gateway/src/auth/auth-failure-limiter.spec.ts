import { AuthFailureLimiter } from './auth-failure-limiter';

describe('AuthFailureLimiter', () => {
  let now = 0;
  beforeEach(() => {
    now = 0;
  });

  it('refuses an address after its failures reach the limit, until the window ends', () => {
    const limiter = new AuthFailureLimiter({ limit: 3, now: () => now });
    for (let index = 0; index < 3; index += 1) {
      expect(limiter.retryAfterSeconds('10.0.0.1')).toBe(0);
      limiter.recordFailure('10.0.0.1');
    }
    now = 20_000;
    expect(limiter.retryAfterSeconds('10.0.0.1')).toBe(40);
    expect(limiter.retryAfterSeconds('10.0.0.2')).toBe(0);
    now = 60_000;
    expect(limiter.retryAfterSeconds('10.0.0.1')).toBe(0);
  });

  it('keeps a bounded table, dropping the oldest windows', () => {
    const limiter = new AuthFailureLimiter({ limit: 1, maxAddresses: 2, now: () => now });
    limiter.recordFailure('a');
    limiter.recordFailure('b');
    limiter.recordFailure('c');
    expect(limiter.retryAfterSeconds('a')).toBe(0);
    expect(limiter.retryAfterSeconds('c')).toBe(60);
  });

  it('does nothing when disabled', () => {
    const limiter = new AuthFailureLimiter({ limit: 0 });
    limiter.recordFailure('a');
    expect(limiter.retryAfterSeconds('a')).toBe(0);
  });

  it('adopts a larger shared count (other replicas\' failures) with the time its window has left', () => {
    const limiter = new AuthFailureLimiter({ limit: 3, now: () => now });
    limiter.recordFailure('10.0.0.1');
    now = 10_000;
    limiter.adopt('10.0.0.1', 3, 15_000);
    expect(limiter.retryAfterSeconds('10.0.0.1')).toBe(15);
    now = 25_000;
    expect(limiter.retryAfterSeconds('10.0.0.1')).toBe(0);
  });

  it('keeps its own count when the shared one is not larger, and adopts nothing while disabled', () => {
    const limiter = new AuthFailureLimiter({ limit: 2, now: () => now });
    limiter.recordFailure('a');
    limiter.recordFailure('a');
    limiter.adopt('a', 1, 1_000);
    expect(limiter.retryAfterSeconds('a')).toBe(60);
    const off = new AuthFailureLimiter({ limit: 0, now: () => now });
    off.adopt('a', 100, 60_000);
    expect(off.retryAfterSeconds('a')).toBe(0);
  });
});
