import { randomUUID } from 'node:crypto';
import { type GatewayConfig } from '../src/config/gateway.config';
import { GatewayError } from '../src/shared/gateway.exception';
import { ApiKeyRateLimiter } from '../src/auth/api-key.rate-limiter';

/** Against the real Redis: the per-key limit holds across replicas although each admits from a local lease. */
describe('ApiKeyRateLimiter (Redis)', () => {
  const limiters: ApiKeyRateLimiter[] = [];
  const limiter = (limit: number, redisUrl = process.env['REDIS_URL']!): ApiKeyRateLimiter => {
    const created = new ApiKeyRateLimiter({ GATEWAY_RATE_LIMIT_PER_MINUTE: limit, REDIS_URL: redisUrl, REDIS_PREFIX: `${process.env['REDIS_PREFIX']}-gw` } as GatewayConfig);
    limiters.push(created);
    return created;
  };

  afterAll(() => limiters.forEach((l) => l.onApplicationShutdown()));

  async function outcome(l: ApiKeyRateLimiter, key: string): Promise<number | GatewayError> {
    try {
      await l.admit(key);
      return 200;
    } catch (error) {
      return error as GatewayError;
    }
  }

  it('admits a burst of the per-minute limit, then answers 429 with Retry-After', async () => {
    const l = limiter(40);
    const key = randomUUID();
    const results = [];
    for (let i = 0; i < 45; i += 1) results.push(await outcome(l, key));
    expect(results.slice(0, 40)).toEqual(Array(40).fill(200));
    for (const refused of results.slice(40) as GatewayError[]) {
      expect(refused).toMatchObject({ status: 429, type: 'rate_limit_error', code: 'rate_limited' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    // Another key is not affected.
    expect(await outcome(l, randomUUID())).toBe(200);
  });

  it('shares one allowance between replicas, concurrent requests included', async () => {
    const [a, b] = [limiter(40), limiter(40)];
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => outcome(i % 2 ? a : b, key)));
    expect(results.filter((r) => r === 200)).toHaveLength(40);
  });

  it('admits everything when the limit is 0', async () => {
    const l = limiter(0, 'redis://127.0.0.1:1');
    for (let i = 0; i < 100; i += 1) expect(await outcome(l, 'k')).toBe(200);
  });

  it('answers 503 at once when Redis cannot be reached', async () => {
    const l = limiter(40, 'redis://127.0.0.1:1');
    const started = Date.now();
    expect(await outcome(l, randomUUID())).toMatchObject({ status: 503, code: 'service_unavailable' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
