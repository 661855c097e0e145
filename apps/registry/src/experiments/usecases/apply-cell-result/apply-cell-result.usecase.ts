import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ExperimentRepository } from '../../experiment.repository';
import { RunFinisher } from '../../run-finisher.service';
import { type ApplyCellResultCommand } from './apply-cell-result.command';

/** `stored`, `finished` (stored, and the run ended with it), or why nothing changed. */
export type ApplyCellResultOutcome = 'stored' | 'finished' | 'duplicate' | 'stale' | 'unknown-run';

/**
 * Stores one cell attempt's result, once: only for the cell's current attempt while it
 * is queued, under the run's row lock, with the run's counts updated in the same
 * transaction. A redelivered event, an answer for a cancelled cell or for an attempt a
 * re-run replaced changes nothing. When no cell is left queued, the run ends here.
 */
@Injectable()
export class ApplyCellResultUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly experiments: ExperimentRepository,
    private readonly finisher: RunFinisher,
  ) {}

  async execute(command: ApplyCellResultCommand): Promise<ApplyCellResultOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const run = await this.experiments.findRun(command.runId, manager, true);
      if (!run || run.workspaceId !== command.workspaceId) return 'unknown-run';
      const [rows] = (await manager.query(
        `UPDATE experiment_cells
         SET status = $4, output = $5, finish_reason = $6, latency_ms = $7, ttft_ms = $8, input_tokens = $9, output_tokens = $10,
             cost_usd = $11, scores = $12::jsonb, error = $13::jsonb, updated_at = clock_timestamp()
         WHERE id = $1 AND run_id = $2 AND attempt = $3 AND status = 'queued'
         RETURNING id`,
        [
          command.cellId,
          run.id,
          command.attempt,
          command.status,
          command.output,
          command.finishReason,
          command.latencyMs,
          command.ttftMs,
          command.inputTokens,
          command.outputTokens,
          command.costUsd,
          JSON.stringify(command.scores.map(({ evaluatorId, score, passed, reason, error }) => ({ evaluatorId, score, passed, reason, error }))),
          command.error ? JSON.stringify({ code: command.error.code, message: command.error.message }) : null,
        ],
      )) as [unknown[], number];
      if (rows.length === 0) {
        const [cell] = (await manager.query(`SELECT attempt FROM experiment_cells WHERE id = $1 AND run_id = $2`, [command.cellId, run.id])) as { attempt: number }[];
        return cell && cell.attempt !== command.attempt ? 'stale' : 'duplicate';
      }
      run.queuedCount -= 1;
      if (command.status === 'completed') run.completedCount += 1;
      else run.failedCount += 1;
      if (run.status === 'queued') run.status = 'running';
      run.startedAt ??= new Date();
      return (await this.finisher.closeIfDone(manager, run)) ? 'finished' : 'stored';
    });
  }
}
