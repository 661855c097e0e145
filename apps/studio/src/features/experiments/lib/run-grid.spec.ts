import type { CellView } from '@model-garden/contracts/browser';
import { gridRows, mergeCells, scoreBand } from './run-grid';

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

describe('scoreBand', () => {
  it('colours by score, a failed verdict always bad', () => {
    expect(scoreBand(0.9, true)).toBe('good');
    expect(scoreBand(0.6, null)).toBe('mid');
    expect(scoreBand(0.2, null)).toBe('bad');
    expect(scoreBand(0.9, false)).toBe('bad');
    expect(scoreBand(null, null)).toBe('none');
  });
});
