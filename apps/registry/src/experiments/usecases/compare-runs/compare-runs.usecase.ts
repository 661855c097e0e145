import { Injectable } from '@nestjs/common';
import { type RowComparison, type RunComparison } from '@model-garden/contracts';
import { RegistryException } from '../../../shared/registry.exception';
import { type AggregatedCell } from '../../run-aggregates.util';
import { type CompareRunsCommand } from './compare-runs.command';
import { RunRepository } from '../../run.repository';
import { CellRepository } from '../../cell.repository';

/** Scores closer than this are the same (float noise, not a change). */
const EPSILON = 1e-9;

type RowScores = Map<string, { rowIndex: number; mean: number | null }>;

/** Mean score over repetitions per (datapoint, column, evaluator); null when no repetition was scored. */
function rowMeans(cells: readonly (AggregatedCell & { rowIndex: number })[]): RowScores {
  const sums = new Map<string, { rowIndex: number; sum: number; n: number }>();
  for (const cell of cells) {
    if (cell.status !== 'completed') continue;
    for (const score of cell.scores) {
      const key = `${cell.datapointId}\u0000${cell.columnId}\u0000${score.evaluatorId}`;
      const entry = sums.get(key) ?? { rowIndex: cell.rowIndex, sum: 0, n: 0 };
      if (score.score !== null && score.error === null) {
        entry.sum += score.score;
        entry.n += 1;
      }
      sums.set(key, entry);
    }
  }
  return new Map([...sums].map(([key, e]) => [key, { rowIndex: e.rowIndex, mean: e.n ? e.sum / e.n : null }]));
}

/**
 * Compares two runs of one experiment row by row: for each column present in both and
 * each evaluator of both, which rows scored better, worse or the same (mean over
 * repetitions), matched by datapoint id, so edits that kept a datapoint's id compare.
 */
@Injectable()
export class CompareRunsUseCase {
  constructor(
    private readonly runs: RunRepository,
    private readonly cells: CellRepository,
  ) {}

  async execute(command: CompareRunsCommand): Promise<RunComparison> {
    const run = await this.runs.getRun(command.auth.workspaceId, command.experimentId, command.runId);
    if (command.baselineRunId === run.id) throw RegistryException.field('baseline', 'baseline must be another run of this experiment.');
    const baseline = await this.runs.getRun(command.auth.workspaceId, command.experimentId, command.baselineRunId).catch(() => {
      throw RegistryException.field('baseline', 'baseline is not a run of this experiment.');
    });
    const [current, before] = await Promise.all([this.cells.cellsForAggregates(run.id), this.cells.cellsForAggregates(baseline.id)]);
    const now = rowMeans(current);
    const then = rowMeans(before);
    const columns = run.snapshot.columns.map((c) => c.id).filter((id) => baseline.snapshot.columns.some((c) => c.id === id));
    const evaluators = run.snapshot.evaluators.map((e) => e.id).filter((id) => baseline.snapshot.evaluators.some((e) => e.id === id));
    const datapoints = new Set([...current, ...before].map((c) => c.datapointId));
    const summary: RunComparison['summary'] = [];
    const changed: RowComparison[] = [];
    for (const columnId of columns) {
      for (const evaluatorId of evaluators) {
        const tally = { columnId, evaluatorId, better: 0, worse: 0, same: 0, missing: 0 };
        for (const datapointId of datapoints) {
          const key = `${datapointId}\u0000${columnId}\u0000${evaluatorId}`;
          const a = then.get(key);
          const b = now.get(key);
          if (!a || !b || a.mean === null || b.mean === null) {
            tally.missing += 1;
            continue;
          }
          const delta = b.mean - a.mean;
          if (Math.abs(delta) <= EPSILON) tally.same += 1;
          else {
            if (delta > 0) tally.better += 1;
            else tally.worse += 1;
            changed.push({ datapointId, rowIndex: b.rowIndex, columnId, evaluatorId, baseline: a.mean, current: b.mean, delta });
          }
        }
        summary.push(tally);
      }
    }
    changed.sort((x, y) => Math.abs(y.delta!) - Math.abs(x.delta!) || x.rowIndex - y.rowIndex);
    return { runId: run.id, baselineRunId: baseline.id, summary, changed: changed.slice(0, 1000) };
  }
}
