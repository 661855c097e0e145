import { createRedis } from '../src/redis';
import { RateLimiter, RateLimiterUnavailableError } from '../src/rate-limit/rate-limiter';

/** Against the real Redis: the limit holds across limiter instances (replicas) and says when to retry. */
describe('RateLimiter (Redis)', () => {
  const prefix = `${process.env['REDIS_PREFIX']}-ratelimit`;
  const a = createRedis(process.env['REDIS_URL']!);
  const b = createRedis(process.env['REDIS_URL']!);

  afterAll(() => {
    a.disconnect();
    b.disconnect();
  });

  it('allows a burst up to the per-minute limit, then refuses with Retry-After', async () => {
    const limiter = new RateLimiter(a, prefix);
    const decisions = [];
    for (let i = 0; i < 6; i++) decisions.push(await limiter.consume('key-burst', 5));
    expect(decisions.slice(0, 5).every((d) => d.allowed)).toBe(true);
    expect(decisions.map((d) => d.remaining).slice(0, 5)).toEqual([4, 3, 2, 1, 0]);
    expect(decisions[5]).toMatchObject({ allowed: false, remaining: 0 });
    expect(decisions[5]!.retryAfterSeconds).toBeGreaterThanOrEqual(11);
    expect(decisions[5]!.retryAfterSeconds).toBeLessThanOrEqual(12);
  });

  it('shares one allowance between replicas', async () => {
    const replicaA = new RateLimiter(a, prefix);
    const replicaB = new RateLimiter(b, prefix);
    const results = await Promise.all([1, 2, 3, 4].map((i) => (i % 2 ? replicaA : replicaB).consume('key-shared', 3)));
    expect(results.filter((r) => r.allowed)).toHaveLength(3);
  });

  it('keeps subjects apart', async () => {
    const limiter = new RateLimiter(a, prefix);
    expect((await limiter.consume('key-x', 1)).allowed).toBe(true);
    expect((await limiter.consume('key-x', 1)).allowed).toBe(false);
    expect((await limiter.consume('key-y', 1)).allowed).toBe(true);
  });

  it('takes several requests at once, all or none', async () => {
    const limiter = new RateLimiter(a, prefix);
    expect(await limiter.consume('key-cost', 10, 4)).toMatchObject({ allowed: true, remaining: 6 });
    expect(await limiter.consume('key-cost', 10, 4)).toMatchObject({ allowed: true, remaining: 2 });
    expect((await limiter.consume('key-cost', 10, 4)).allowed).toBe(false);
    expect(await limiter.consume('key-cost', 10, 2)).toMatchObject({ allowed: true, remaining: 0 });
    expect((await limiter.consume('key-cost', 10)).allowed).toBe(false);
  });

  it('counts events in one window shared by replicas, started by the first event, and keeps subjects apart', async () => {
    const replicaA = new RateLimiter(a, prefix);
    const replicaB = new RateLimiter(b, prefix);
    const counts = [];
    for (const limiter of [replicaA, replicaB, replicaA]) counts.push(await limiter.countInWindow('10.0.0.1', 60_000));
    expect(counts.map((c) => c.count)).toEqual([1, 2, 3]);
    for (const c of counts) {
      expect(c.remainingMs).toBeGreaterThan(0);
      expect(c.remainingMs).toBeLessThanOrEqual(60_000);
    }
    expect((await replicaB.countInWindow('10.0.0.2', 60_000)).count).toBe(1);
    // The window ends with the key: the next event starts a new one.
    await a.del(`${prefix}:window:10.0.0.2`);
    expect((await replicaA.countInWindow('10.0.0.2', 60_000)).count).toBe(1);
  });

  it('fails fast with a typed error when Redis does not answer', async () => {
    const unreachable = createRedis('redis://127.0.0.1:1', { enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
    const limiter = new RateLimiter(unreachable, prefix);
    await expect(limiter.consume('key-z', 10)).rejects.toBeInstanceOf(RateLimiterUnavailableError);
    await expect(limiter.countInWindow('10.0.0.9', 60_000)).rejects.toBeInstanceOf(RateLimiterUnavailableError);
    unreachable.disconnect();
  });
});
