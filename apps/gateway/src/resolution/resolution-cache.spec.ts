import { ResolutionCache } from './resolution-cache';

describe('ResolutionCache', () => {
  let now = 0;
  const cache = (): ResolutionCache<string> => new ResolutionCache<string>({ maxEntries: 3, ttlMs: 1_000, negativeTtlMs: 100, staleIfErrorMs: 5_000, now: () => now });
  const unavailable = (): boolean => true;

  beforeEach(() => {
    now = 0;
  });

  it('loads once, then serves from memory until the TTL passes', async () => {
    const c = cache();
    const load = jest.fn(async () => ({ value: 'a' }));
    expect(await c.get('k', load, unavailable)).toBe('a');
    expect(await c.get('k', load, unavailable)).toBe('a');
    expect(load).toHaveBeenCalledTimes(1);
    now = 1_001;
    await c.get('k', load, unavailable);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('answers a fresh entry without a promise, counted as a hit, and nothing for what must be loaded', async () => {
    const c = cache();
    const outcomes: string[] = [];
    expect(c.fresh('k', (outcome) => outcomes.push(outcome))).toBeUndefined();
    await c.get('k', async () => ({ value: 'a' }), unavailable);
    await c.get('gone', async () => ({ value: null }), unavailable);
    expect(c.fresh('k', (outcome) => outcomes.push(outcome))).toBe('a');
    expect(c.fresh('gone', (outcome) => outcomes.push(outcome))).toBeNull();
    now = 1_001;
    expect(c.fresh('k', (outcome) => outcomes.push(outcome))).toBeUndefined();
    expect(outcomes).toEqual(['hit', 'negative_hit']);
  });

  it('shares one load between concurrent misses', async () => {
    const c = cache();
    let release: (value: { value: string }) => void = () => undefined;
    const load = jest.fn(() => new Promise<{ value: string }>((resolve) => (release = resolve)));
    const both = Promise.all([c.get('k', load, unavailable), c.get('k', load, unavailable)]);
    release({ value: 'a' });
    expect(await both).toEqual(['a', 'a']);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('keeps unknown answers only for the negative TTL', async () => {
    const c = cache();
    const load = jest.fn(async () => ({ value: null }));
    expect(await c.get('k', load, unavailable)).toBeNull();
    now = 50;
    await c.get('k', load, unavailable);
    expect(load).toHaveBeenCalledTimes(1);
    now = 101;
    await c.get('k', load, unavailable);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('serves an expired entry while the registry is unreachable, within the stale window', async () => {
    const c = cache();
    await c.get('k', async () => ({ value: 'a' }), unavailable);
    now = 2_000;
    const outcomes: string[] = [];
    expect(await c.get('k', async () => Promise.reject(new Error('down')), unavailable, (o) => outcomes.push(o))).toBe('a');
    expect(outcomes).toEqual(['miss', 'stale']);
    now = 7_000;
    await expect(c.get('k', async () => Promise.reject(new Error('down')), unavailable)).rejects.toThrow('down');
  });

  it('does not serve stale entries when the failure is an answer, not an outage', async () => {
    const c = cache();
    await c.get('k', async () => ({ value: 'a' }), unavailable);
    now = 2_000;
    await expect(c.get('k', async () => Promise.reject(new Error('refused')), () => false)).rejects.toThrow('refused');
  });

  it('drops invalidated entries and discards loads that were in flight', async () => {
    const c = cache();
    await c.get('a', async () => ({ value: 'x' }), unavailable);
    let release: (value: { value: string }) => void = () => undefined;
    const pending = c.get('b', () => new Promise((resolve) => (release = resolve)), unavailable);
    expect(c.invalidate((_key, value) => value === 'x')).toBe(1);
    release({ value: 'old' });
    expect(await pending).toBe('old');
    expect(c.peek('b')).toBeUndefined();
    expect(c.peek('a')).toBeUndefined();
  });

  it('is bounded: the oldest write goes first', async () => {
    const c = cache();
    for (const key of ['a', 'b', 'c', 'd']) c.set(key, { value: key });
    expect(c.size).toBe(3);
    expect(c.peek('a')).toBeUndefined();
    expect(c.peek('d')).toEqual({ value: 'd' });
  });

  it('keeps negative answers apart: a flood of unknown keys never evicts a known one', async () => {
    const c = new ResolutionCache<string>({ maxEntries: 3, maxNegativeEntries: 2, ttlMs: 1_000, negativeTtlMs: 500, staleIfErrorMs: 0, now: () => now });
    const known = jest.fn(async () => ({ value: 'valid' }));
    await c.get('valid-key', known, unavailable);
    for (let index = 0; index < 1_000; index += 1) await c.get(`random-${index}`, async () => ({ value: null }), unavailable);
    expect(c.negativeSize).toBe(2);
    expect(c.size).toBe(1);
    expect(await c.get('valid-key', known, unavailable)).toBe('valid');
    expect(known).toHaveBeenCalledTimes(1);
    expect(c.peek('random-999')).toEqual({ value: null });
    expect(c.peek('random-0')).toBeUndefined();
  });
});
