import { planUsageRange, type TimeRange, type UsageSource } from './usage-range.util';

const at = (iso: string): number => Date.parse(iso);
const iso = (ranges: TimeRange[]): string[][] => ranges.map((r) => [new Date(r.from).toISOString(), new Date(r.to).toISOString()]);

describe('planUsageRange', () => {
  it('reads whole days from day rollups and nothing else when the range is aligned on days', () => {
    const plan = planUsageRange(at('2030-03-01T00:00:00Z'), at('2030-03-31T00:00:00Z'));
    expect(iso(plan.day)).toEqual([['2030-03-01T00:00:00.000Z', '2030-03-31T00:00:00.000Z']]);
    expect([plan.hour, plan.minute, plan.raw]).toEqual([[], [], []]);
  });

  it('reads the edges of an unaligned range from hours, minutes and raw records', () => {
    const plan = planUsageRange(at('2030-03-01T10:20:30.500Z'), at('2030-03-03T05:06:07Z'));
    expect(iso(plan.day)).toEqual([['2030-03-02T00:00:00.000Z', '2030-03-03T00:00:00.000Z']]);
    expect(iso(plan.hour)).toEqual([
      ['2030-03-01T11:00:00.000Z', '2030-03-02T00:00:00.000Z'],
      ['2030-03-03T00:00:00.000Z', '2030-03-03T05:00:00.000Z'],
    ]);
    expect(iso(plan.minute)).toEqual([
      ['2030-03-01T10:21:00.000Z', '2030-03-01T11:00:00.000Z'],
      ['2030-03-03T05:00:00.000Z', '2030-03-03T05:06:00.000Z'],
    ]);
    expect(iso(plan.raw)).toEqual([
      ['2030-03-01T10:20:30.500Z', '2030-03-01T10:21:00.000Z'],
      ['2030-03-03T05:06:00.000Z', '2030-03-03T05:06:07.000Z'],
    ]);
  });

  it('starts at hours for a report grouped by hour (a day row cannot be split)', () => {
    const plan = planUsageRange(at('2030-03-01T00:00:00Z'), at('2030-03-03T00:00:00Z'), 'hour');
    expect(iso(plan.hour)).toEqual([['2030-03-01T00:00:00.000Z', '2030-03-03T00:00:00.000Z']]);
    expect([plan.day, plan.minute, plan.raw]).toEqual([[], [], []]);
  });

  it('covers every millisecond of random ranges exactly once, with at most two ranges per source', () => {
    let seed = 7;
    const next = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 500; i++) {
      const from = at('2030-01-01T00:00:00Z') + Math.floor(next() * 90 * 86_400_000);
      const to = from + 1 + Math.floor(next() * 40 * 86_400_000 * next() * next());
      const plan = planUsageRange(from, to);
      const all = (Object.keys(plan) as UsageSource[]).flatMap((s) => {
        expect(plan[s].length).toBeLessThanOrEqual(2);
        return plan[s];
      });
      all.sort((a, b) => a.from - b.from);
      expect(all[0]!.from).toBe(from);
      expect(all.at(-1)!.to).toBe(to);
      for (let j = 1; j < all.length; j++) expect(all[j]!.from).toBe(all[j - 1]!.to);
      for (const r of all) expect(r.from).toBeLessThan(r.to);
    }
  });
});
