import { randomUUID } from 'node:crypto';
import { type EnforcedBudget } from '@model-garden/contracts';
import Redis from 'ioredis';
import { counterOf, windowOf } from '../src/budgets/budget-counters.util';
import { BudgetStore, NANOS_PER_USD } from '../src/budgets/budget-store';

/**
 * Against the real Redis: two stores (two connections, as two gateway processes) share
 * the counters; reservations are atomic, periods roll over by the (injected) clock, and a
 * counter Redis lost is reported missing until it is rebuilt from the ledger's totals.
 */
describe('BudgetStore (Redis)', () => {
  const connections: Redis[] = [];
  const connect = (): Redis => {
    const redis = new Redis(process.env['REDIS_URL']!, { lazyConnect: false });
    connections.push(redis);
    return redis;
  };
  const prefix = `${process.env['REDIS_PREFIX']}-budgets-${randomUUID().slice(0, 8)}`;
  afterAll(async () => {
    const keys = await connections[0]!.keys(`${prefix}:*`);
    if (keys.length > 0) await connections[0]!.del(...keys);
    connections.forEach((c) => c.disconnect());
  });

  const budget = (overrides: Partial<EnforcedBudget> = {}): EnforcedBudget =>
    ({
      id: randomUUID(),
      name: 'test',
      scopeKind: 'workspace',
      scopeTargetId: '',
      period: 'daily',
      amountUsd: 1,
      expiresAtMs: 0,
      createdAtMs: Date.parse('2026-01-01T00:00:00Z'),
      resetAtMs: 0,
      resetCount: 0,
      ...overrides,
    }) as EnforcedBudget;

  const perCall = { amountNanos: NANOS_PER_USD / 10, tokens: 0 };

  it('admits until the counter reaches the limit, concurrently from two processes, then refuses', async () => {
    const [a, b] = [new BudgetStore(connect()), new BudgetStore(connect())];
    const now = Date.parse('2026-03-10T12:00:00Z');
    const counter = counterOf(prefix, budget(), now);
    expect(await a.reserve([counter], perCall)).toEqual({ kind: 'missing', indexes: [0] });
    await a.rebuild(counter.periodKey, { amountNanos: 0, tokens: 0 }, 'g1', counter.ttlSeconds);
    const outcomes = await Promise.all(Array.from({ length: 32 }, (_, i) => (i % 2 ? a : b).reserve([counter], perCall)));
    // $1 at $0.10 per call: exactly 10 admitted whatever the interleaving.
    expect(outcomes.filter((o) => o.kind === 'reserved')).toHaveLength(10);
    expect(outcomes.filter((o) => o.kind === 'refused')).toHaveLength(22);
    expect(outcomes.find((o) => o.kind === 'refused')).toEqual({ kind: 'refused', refused: [{ index: 0, limit: 'amount' }] });
    expect(await a.read(counter.periodKey)).toEqual({ amountNanos: NANOS_PER_USD, tokens: 0 });
  });

  it('settles the actual cost in place of the estimate; a counter rebuilt since gets the whole cost', async () => {
    const store = new BudgetStore(connect());
    const counter = counterOf(prefix, budget(), Date.now());
    await store.rebuild(counter.periodKey, { amountNanos: 0, tokens: 0 }, 'g1', counter.ttlSeconds);
    const reserved = await store.reserve([counter], { amountNanos: 500, tokens: 100 });
    expect(reserved).toEqual({ kind: 'reserved', generations: ['g1'] });
    await store.settle([counter.periodKey], ['g1'], { amountNanos: 120, tokens: 30 }, { amountNanos: 500, tokens: 100 });
    expect(await store.read(counter.periodKey)).toEqual({ amountNanos: 120, tokens: 30 });
    // Redis loses the key, the ledger rebuilds it (generation g2) before the call settles.
    await connections[0]!.del(counter.periodKey);
    await store.rebuild(counter.periodKey, { amountNanos: 120, tokens: 30 }, 'g2', counter.ttlSeconds);
    await store.settle([counter.periodKey], ['g1'], { amountNanos: 80, tokens: 10 }, { amountNanos: 500, tokens: 100 });
    expect(await store.read(counter.periodKey)).toEqual({ amountNanos: 200, tokens: 40 });
  });

  it('rolls over at the UTC period end: the next day counts from a new, empty counter', async () => {
    const store = new BudgetStore(connect());
    const daily = budget({ amountUsd: 0.2 });
    const lateEvening = Date.parse('2026-03-10T23:59:59Z');
    const today = counterOf(prefix, daily, lateEvening);
    await store.rebuild(today.periodKey, { amountNanos: 0, tokens: 0 }, 'g', today.ttlSeconds);
    expect((await store.reserve([today], perCall)).kind).toBe('reserved');
    expect((await store.reserve([today], perCall)).kind).toBe('reserved');
    expect((await store.reserve([today], perCall)).kind).toBe('refused');
    const nextMorning = lateEvening + 2_000;
    const tomorrow = counterOf(prefix, daily, nextMorning);
    expect(windowOf(daily, nextMorning).start).toBe(Date.parse('2026-03-11T00:00:00Z'));
    expect(tomorrow.periodKey).not.toBe(today.periodKey);
    expect(await store.reserve([tomorrow], perCall)).toEqual({ kind: 'missing', indexes: [0] });
    await store.rebuild(tomorrow.periodKey, { amountNanos: 0, tokens: 0 }, 'g', tomorrow.ttlSeconds);
    expect((await store.reserve([tomorrow], perCall)).kind).toBe('reserved');
  });

  it('checks every budget of a request in one call: one used-up budget refuses, and nothing is reserved anywhere', async () => {
    const store = new BudgetStore(connect());
    const now = Date.now();
    const roomy = counterOf(prefix, budget({ amountUsd: 100 }), now);
    const tight = counterOf(prefix, budget({ amountUsd: undefined, tokenLimit: 50 }), now);
    await store.rebuild(roomy.periodKey, { amountNanos: 0, tokens: 0 }, 'g', roomy.ttlSeconds);
    await store.rebuild(tight.periodKey, { amountNanos: 0, tokens: 60 }, 'g', tight.ttlSeconds);
    expect(await store.reserve([roomy, tight], { amountNanos: 10, tokens: 5 })).toEqual({ kind: 'refused', refused: [{ index: 1, limit: 'tokens' }] });
    expect(await store.read(roomy.periodKey)).toEqual({ amountNanos: 0, tokens: 0 });
  });

  it('limits requests per UTC minute without a period counter', async () => {
    const store = new BudgetStore(connect());
    const counter = counterOf(prefix, budget({ amountUsd: undefined, requestsPerMinute: 3 }), Date.now());
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => store.reserve([counter], { amountNanos: 1, tokens: 1 })));
    expect(outcomes.filter((o) => o.kind === 'reserved')).toHaveLength(3);
    expect(outcomes.filter((o) => o.kind === 'refused').every((o) => o.kind === 'refused' && o.refused[0]!.limit === 'requests_per_minute')).toBe(true);
  });
});
