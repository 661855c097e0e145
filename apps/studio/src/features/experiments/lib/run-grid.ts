import type { CellView, ColumnAggregate, EvaluatorAggregate } from '@model-garden/contracts/browser';

/**
 * The run grid's view model: cells merged from incremental polls, grouped into rows ×
 * columns, and the column aggregates of the header row, computed from the cells on
 * screen with the registry's definitions (so the header moves as cells land).
 */

/** Merges a poll's cells into those known: a cell replaces its older self (a cell may come twice). */
export function mergeCells(known: ReadonlyMap<string, CellView>, incoming: readonly CellView[]): Map<string, CellView> {
  const next = new Map(known);
  for (const cell of incoming) {
    const previous = next.get(cell.id);
    if (!previous || previous.updatedAt <= cell.updatedAt) next.set(cell.id, cell);
  }
  return next;
}

export interface GridRow {
  rowIndex: number;
  datapointId: string;
  /** Per column id, the cells of each repetition (sorted by repetition). */
  cells: Record<string, CellView[]>;
}

export function gridRows(cells: Iterable<CellView>): GridRow[] {
  const rows = new Map<number, GridRow>();
  for (const cell of cells) {
    let row = rows.get(cell.rowIndex);
    if (!row) {
      row = { rowIndex: cell.rowIndex, datapointId: cell.datapointId, cells: {} };
      rows.set(cell.rowIndex, row);
    }
    (row.cells[cell.columnId] ??= []).push(cell);
  }
  const sorted = [...rows.values()].sort((a, b) => a.rowIndex - b.rowIndex);
  for (const row of sorted) for (const list of Object.values(row.cells)) list.sort((a, b) => a.repetition - b.repetition);
  return sorted;
}

/** The nearest-rank percentile of sorted numbers; null for none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

const mean = (values: readonly number[]): number | null => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);

function stdDev(values: readonly number[]): number {
  const m = mean(values) ?? 0;
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / values.length);
}

export function columnAggregate(columnId: string, cells: readonly CellView[], evaluatorIds: readonly string[]): ColumnAggregate {
  const mine = cells.filter((c) => c.columnId === columnId);
  const completed = mine.filter((c) => c.status === 'completed');
  const failed = mine.filter((c) => c.status === 'failed').length;
  const finished = completed.length + failed;
  const numbers = (pick: (c: CellView) => number | null): number[] =>
    completed
      .map(pick)
      .filter((v): v is number => v !== null)
      .sort((a, b) => a - b);
  const latency = numbers((c) => c.latencyMs);
  const ttft = numbers((c) => c.ttftMs);
  const costs = numbers((c) => c.costUsd);
  const total = costs.reduce((a, b) => a + b, 0);
  const scores = evaluatorIds.map<EvaluatorAggregate>((evaluatorId) => {
    const verdicts = completed.flatMap((c) => c.scores.filter((s) => s.evaluatorId === evaluatorId));
    const scored = verdicts.filter((s) => s.error === null && s.score !== null);
    const passed = scored.filter((s) => s.passed !== null);
    // Per row: the spread of its scores across repetitions, then the mean over rows.
    const byRow = new Map<string, number[]>();
    for (const c of completed) {
      const s = c.scores.find((x) => x.evaluatorId === evaluatorId);
      if (!s || s.error !== null || s.score === null) continue;
      const list = byRow.get(c.datapointId) ?? [];
      list.push(s.score);
      byRow.set(c.datapointId, list);
    }
    const spreads = [...byRow.values()].map(stdDev);
    return {
      evaluatorId,
      mean: mean(scored.map((s) => s.score as number)),
      stdDevAcrossRepetitions: spreads.length === 0 ? null : mean(spreads),
      passRate: passed.length === 0 ? null : passed.filter((s) => s.passed).length / passed.length,
      scored: scored.length,
      errors: verdicts.filter((s) => s.error !== null).length,
    };
  });
  return {
    columnId,
    cells: mine.length,
    completed: completed.length,
    failed,
    errorRate: finished === 0 ? null : failed / finished,
    latencyMs: { p50: percentile(latency, 50), p95: percentile(latency, 95) },
    ttftMs: { p50: percentile(ttft, 50), p95: percentile(ttft, 95) },
    costUsd: { total, mean: costs.length === 0 ? null : total / costs.length },
    tokens: { input: completed.reduce((a, c) => a + (c.inputTokens ?? 0), 0), output: completed.reduce((a, c) => a + (c.outputTokens ?? 0), 0) },
    scores,
  };
}

/** A score's band for its colour (and its word, since colour is never the only signal). */
export function scoreBand(score: number | null, passed: boolean | null): 'good' | 'mid' | 'bad' | 'none' {
  if (score === null) return 'none';
  if (passed === false) return 'bad';
  if (score >= 0.8) return 'good';
  if (score >= 0.5) return 'mid';
  return 'bad';
}
