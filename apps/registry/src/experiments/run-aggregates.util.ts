import { type ColumnAggregate, type EvaluatorAggregate, type EvaluatorScore, type PercentilePair } from '@model-garden/contracts';

/** The fields of a cell the aggregates read. */
export interface AggregatedCell {
  datapointId: string;
  columnId: string;
  status: string;
  latencyMs: number | null;
  ttftMs: number | null;
  costUsd: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  scores: EvaluatorScore[];
}

/** Linear interpolation between closest ranks (PostgreSQL's percentile_cont); null for no values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = (sorted.length - 1) * p;
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

function pair(values: number[]): PercentilePair {
  const sorted = values.sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 0.5)), p95: round(percentile(sorted, 0.95)) };
}

function round(value: number | null, digits = 6): number | null {
  if (value === null) return null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Sample standard deviation (n − 1); 0 for a single value. */
export function stdDev(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
}

/**
 * Per column: counts, error rate, p50/p95 latency and TTFT of the completed cells,
 * cost (total and mean per completed cell), tokens, and per evaluator the mean score,
 * the pass rate and the standard deviation across repetitions (per row, then averaged
 * over rows), with the cells the evaluator could not judge counted apart.
 */
export function aggregateRun(columnIds: readonly string[], evaluatorIds: readonly string[], cells: readonly AggregatedCell[]): ColumnAggregate[] {
  return columnIds.map((columnId) => {
    const mine = cells.filter((c) => c.columnId === columnId);
    const done = mine.filter((c) => c.status === 'completed');
    const failed = mine.filter((c) => c.status === 'failed').length;
    const finished = done.length + failed;
    const costs = done.map((c) => c.costUsd).filter((v): v is number => v !== null);
    const total = costs.reduce((a, b) => a + b, 0);
    const scores: EvaluatorAggregate[] = evaluatorIds.map((evaluatorId) => {
      const perRow = new Map<string, number[]>();
      let errors = 0;
      let passed = 0;
      let judged = 0;
      for (const cell of done) {
        const score = cell.scores.find((s) => s.evaluatorId === evaluatorId);
        if (!score) continue;
        if (score.error !== null || score.score === null) {
          errors += 1;
          continue;
        }
        judged += 1;
        if (score.passed) passed += 1;
        const row = perRow.get(cell.datapointId) ?? [];
        row.push(score.score);
        perRow.set(cell.datapointId, row);
      }
      const all = [...perRow.values()].flat();
      const rowDeviations = [...perRow.values()].map(stdDev);
      return {
        evaluatorId,
        mean: all.length ? round(all.reduce((a, b) => a + b, 0) / all.length) : null,
        stdDevAcrossRepetitions: rowDeviations.length ? round(rowDeviations.reduce((a, b) => a + b, 0) / rowDeviations.length) : null,
        passRate: judged ? round(passed / judged) : null,
        scored: judged,
        errors,
      };
    });
    return {
      columnId,
      cells: mine.length,
      completed: done.length,
      failed,
      errorRate: finished ? round(failed / finished) : null,
      latencyMs: pair(done.map((c) => c.latencyMs).filter((v): v is number => v !== null)),
      ttftMs: pair(done.map((c) => c.ttftMs).filter((v): v is number => v !== null)),
      costUsd: { total: round(total, 10)!, mean: costs.length ? round(total / costs.length, 10) : null },
      tokens: { input: done.reduce((a, c) => a + (c.inputTokens ?? 0), 0), output: done.reduce((a, c) => a + (c.outputTokens ?? 0), 0) },
      scores,
    };
  });
}
