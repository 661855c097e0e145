import type { UsageFigures, UsageGroup, UsageReport } from '@model-garden/contracts/browser';
import type { RegistryClient, UsageQuery } from './registry-client';
import { buildUsageSeries, dayRange, loadUsageSeries } from './usage-series';

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

  it('asks for the range and for one model-by-day report, and splits it per day', async () => {
    const queries: UsageQuery[] = [];
    const busy = {
      usage: async (q: UsageQuery) => {
        queries.push(q);
        return q.groupBy === 'model,day'
          ? report([
              { ...group('acme@openailike/a', 2), day: '2025-03-06' },
              { ...group('acme@openailike/a', 1), day: '2025-03-12' },
              { ...group('acme@openailike/b', 4), modelId: 'b', day: '2025-03-12' },
            ])
          : report([group('acme@openailike/a', 3), { ...group('acme@openailike/b', 4), modelId: 'b' }]);
      },
    } as unknown as RegistryClient;
    const series = await loadUsageSeries(busy, { days: 7, now: new Date('2025-03-12T10:00:00Z') });
    expect(queries).toEqual([
      { from: '2025-03-06T00:00:00.000Z', to: '2025-03-13T00:00:00.000Z', groupBy: 'model' },
      { from: '2025-03-06T00:00:00.000Z', to: '2025-03-13T00:00:00.000Z', groupBy: 'model,day' },
    ]);
    expect(series.dayTotals.map((d) => d.requests)).toEqual([2, 0, 0, 0, 0, 0, 5]);
    expect(series.models.map((m) => [m.modelRef, m.days.map((d) => d.requests)])).toEqual([
      ['acme@openailike/a', [2, 0, 0, 0, 0, 0, 1]],
      ['acme@openailike/b', [0, 0, 0, 0, 0, 0, 4]],
    ]);

    const one = await loadUsageSeries(busy, { days: 7, now: new Date('2025-03-12T10:00:00Z'), model: { ref: 'acme@openailike/b', id: 'b' } });
    expect(one.models.map((m) => m.modelRef)).toEqual(['acme@openailike/b']);
    expect(one.totals.requests).toBe(4);
  });
});
