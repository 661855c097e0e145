import type { CellView, EvaluatorScore } from '@model-garden/contracts/browser';
import { columnAggregate, gridRows, mergeCells, percentile, scoreBand } from './run-grid';

let n = 0;
function cell(over: Partial<CellView>): CellView {
  n += 1;
  return {
    id: `cell-${n}`,
    datapointId: `dp-${over.rowIndex ?? 0}`,
    rowIndex: 0,
    columnId: 'c1',
    repetition: 1,
    attempt: 1,
    status: 'completed',
    output: 'ok',
    finishReason: 'stop',
    latencyMs: 100,
    ttftMs: 10,
    inputTokens: 5,
    outputTokens: 3,
    costUsd: 0.001,
    scores: [],
    error: null,
    updatedAt: '2026-12-03T10:00:00.000Z',
    ...over,
  };
}
const score = (evaluatorId: string, value: number | null, passed: boolean | null = value === null ? null : value >= 0.5, error: string | null = null): EvaluatorScore => ({ evaluatorId, score: value, passed, reason: '', error });

describe('mergeCells', () => {
  it('adds new cells and lets a newer version of a cell replace the older, never the reverse', () => {
    const first = cell({ id: 'x', status: 'queued', updatedAt: '2026-12-03T10:00:00.000Z' });
    const done = { ...first, status: 'completed' as const, updatedAt: '2026-12-03T10:00:01.000Z' };
    let known = mergeCells(new Map(), [first]);
    known = mergeCells(known, [done, cell({ id: 'y' })]);
    expect(known.get('x')?.status).toBe('completed');
    expect(known.size).toBe(2);
    known = mergeCells(known, [first]);
    expect(known.get('x')?.status).toBe('completed');
  });
});

describe('gridRows', () => {
  it('groups cells by row and column, rows in dataset order, repetitions in order', () => {
    const rows = gridRows([cell({ rowIndex: 1, columnId: 'c2', repetition: 2 }), cell({ rowIndex: 0 }), cell({ rowIndex: 1, columnId: 'c2', repetition: 1 })]);
    expect(rows.map((r) => r.rowIndex)).toEqual([0, 1]);
    expect(rows[1]!.cells['c2']!.map((c) => c.repetition)).toEqual([1, 2]);
  });
});

describe('percentile', () => {
  it('takes the nearest rank', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([10], 95)).toBe(10);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
  });
});

describe('columnAggregate', () => {
  it('matches the cells: scores with spread across repetitions, latency percentiles, cost, tokens and error rate', () => {
    const cells = [
      cell({ rowIndex: 0, repetition: 1, latencyMs: 100, costUsd: 0.002, scores: [score('exact', 1), score('judge', 0.5)] }),
      cell({ rowIndex: 0, repetition: 2, latencyMs: 300, costUsd: 0.004, scores: [score('exact', 0), score('judge', null, null, 'unparseable verdict')] }),
      cell({ rowIndex: 1, repetition: 1, latencyMs: 200, costUsd: null, scores: [score('exact', 1), score('judge', 1)] }),
      cell({ rowIndex: 1, repetition: 2, status: 'failed', output: null, latencyMs: null, costUsd: null, error: { code: 'upstream_error', message: 'boom' } }),
      cell({ rowIndex: 0, columnId: 'c2', latencyMs: 5_000 }),
    ];
    const aggregate = columnAggregate('c1', cells, ['exact', 'judge']);
    expect(aggregate).toMatchObject({ columnId: 'c1', cells: 4, completed: 3, failed: 1, errorRate: 0.25, latencyMs: { p50: 200, p95: 300 }, tokens: { input: 15, output: 9 } });
    expect(aggregate.costUsd.total).toBeCloseTo(0.006, 10);
    expect(aggregate.costUsd.mean).toBeCloseTo(0.003, 10);
    const [exact, judge] = aggregate.scores;
    expect(exact).toMatchObject({ evaluatorId: 'exact', scored: 3, errors: 0, passRate: 2 / 3 });
    expect(exact!.mean).toBeCloseTo(2 / 3, 10);
    // Row 0 scores 1 and 0 (spread 0.5), row 1 one score (spread 0): mean 0.25.
    expect(exact!.stdDevAcrossRepetitions).toBeCloseTo(0.25, 10);
    expect(judge).toMatchObject({ evaluatorId: 'judge', scored: 2, errors: 1, mean: 0.75 });
  });

  it('is empty before any cell finished', () => {
    const aggregate = columnAggregate('c1', [cell({ status: 'queued', output: null })], ['exact']);
    expect(aggregate).toMatchObject({ completed: 0, errorRate: null, latencyMs: { p50: null, p95: null }, costUsd: { total: 0, mean: null } });
    expect(aggregate.scores[0]).toMatchObject({ mean: null, passRate: null, stdDevAcrossRepetitions: null });
  });
});

describe('scoreBand', () => {
  it('colours by score, a failed verdict always bad', () => {
    expect(scoreBand(0.9, true)).toBe('good');
    expect(scoreBand(0.6, null)).toBe('mid');
    expect(scoreBand(0.2, null)).toBe('bad');
    expect(scoreBand(0.9, false)).toBe('bad');
    expect(scoreBand(null, null)).toBe('none');
  });
});
