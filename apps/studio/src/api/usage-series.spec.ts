import type { UsageFigures, UsageGroup, UsageReport } from '@model-garden/contracts';
import type { RegistryClient, UsageQuery } from './registry-client';
import { buildUsageSeries, dayRange, loadUsageSeries, mapLimit } from './usage-series';

const figures = (requests: number, costUsd = 0): UsageFigures => ({
  requests,
  errors: 0,
  inputTokens: requests * 10,
  outputTokens: requests * 5,
  images: 0,
  costUsd,
  latencyMs: { p50: 10, p95: 20, p99: 30 },
});

const group = (modelRef: string, requests: number, costUsd = 0): UsageGroup => ({ key: modelRef, modelRef, modelId: `id-${modelRef}`, ...figures(requests, costUsd) });

const report = (groups: UsageGroup[]): UsageReport => ({
  from: '2025-03-10T00:00:00.000Z',
  to: '2025-03-13T00:00:00.000Z',
  groupBy: 'model',
  totals: figures(groups.reduce((s, g) => s + g.requests, 0)),
  groups,
});

describe('usage series', () => {
  it('covers the last N UTC days, today included', () => {
    const { from, to, labels } = dayRange(3, new Date('2025-03-12T15:30:00Z'));
    expect(labels).toEqual(['2025-03-10', '2025-03-11', '2025-03-12']);
    expect(from.toISOString()).toBe('2025-03-10T00:00:00.000Z');
    expect(to.toISOString()).toBe('2025-03-13T00:00:00.000Z');
  });

  it('makes one series per model with a value per day, and totals per day', () => {
    const labels = ['2025-03-10', '2025-03-11', '2025-03-12'];
    const range = report([group('acme@openailike/a', 5, 0.5), group('groq/llama', 2, 0.02)]);
    const perDay = [report([group('acme@openailike/a', 3, 0.3)]), report([]), report([group('acme@openailike/a', 2, 0.2), group('groq/llama', 2, 0.02)])];
    const series = buildUsageSeries(labels, range, perDay);
    expect(series.models.map((m) => m.modelRef)).toEqual(['acme@openailike/a', 'groq/llama']);
    expect(series.models[0]?.days.map((d) => d.requests)).toEqual([3, 0, 2]);
    expect(series.models[1]?.days.map((d) => d.requests)).toEqual([0, 0, 2]);
    expect(series.dayTotals.map((d) => d.requests)).toEqual([3, 0, 4]);
    expect(series.dayTotals[2]?.costUsd).toBe(0.22);
    expect(series.totals).toBe(range.totals);
  });

  it('keeps one model when asked, with its own totals', () => {
    const labels = ['2025-03-10'];
    const range = report([group('acme@openailike/a', 5), group('groq/llama', 2)]);
    const series = buildUsageSeries(labels, range, [report([group('acme@openailike/a', 5), group('groq/llama', 2)])], (ref) => ref === 'groq/llama');
    expect(series.models.map((m) => m.modelRef)).toEqual(['groq/llama']);
    expect(series.totals.requests).toBe(2);
    expect(series.dayTotals[0]?.requests).toBe(2);
  });

  it('runs tasks with bounded concurrency, keeping their order', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapLimit([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5 * (8 - n)));
      running -= 1;
      return n * 10;
    });
    expect(results).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(peak).toBe(3);
  });

  it('asks for the range, then one report per day, only when there is something to show', async () => {
    const queries: UsageQuery[] = [];
    const busy = {
      usage: async (q: UsageQuery) => {
        queries.push(q);
        return report([group('acme@openailike/a', 1)]);
      },
    } as unknown as RegistryClient;
    const series = await loadUsageSeries(busy, { days: 7, now: new Date('2025-03-12T10:00:00Z') });
    expect(queries).toHaveLength(8);
    expect(queries[0]).toEqual({ from: '2025-03-06T00:00:00.000Z', to: '2025-03-13T00:00:00.000Z', groupBy: 'model' });
    expect(queries.slice(1).map((q) => q.from)).toContain('2025-03-12T00:00:00.000Z');
    expect(series.dayTotals.map((d) => d.requests)).toEqual([1, 1, 1, 1, 1, 1, 1]);

    queries.length = 0;
    const idle = { usage: async (q: UsageQuery) => (queries.push(q), report([])) } as unknown as RegistryClient;
    const empty = await loadUsageSeries(idle, { days: 30 });
    expect(queries).toHaveLength(1);
    expect(empty.days).toHaveLength(30);
    expect(empty.models).toEqual([]);

    queries.length = 0;
    const other = await loadUsageSeries(busy, { days: 7, model: { ref: 'acme@openailike/b', id: 'b' } });
    expect(queries).toHaveLength(1);
    expect(other.totals.requests).toBe(0);
  });
});
