import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RunFinisher } from '../../run-finisher.service';
import { type ApplyCellResultCommand } from './apply-cell-result.command';
import { CellRepository } from '../../cell.repository';
import { RunRepository } from '../../run.repository';

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
    private readonly runs: RunRepository,
    private readonly cells: CellRepository,
    private readonly finisher: RunFinisher,
  ) {}

  async execute(command: ApplyCellResultCommand): Promise<ApplyCellResultOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const run = await this.runs.findRun(command.runId, manager, true);
      if (!run || run.workspaceId !== command.workspaceId) return 'unknown-run';
      if (!(await this.cells.storeResult(manager, run.id, command))) {
        const attempt = await this.cells.attemptOf(manager, run.id, command.cellId);
        return attempt !== null && attempt !== command.attempt ? 'stale' : 'duplicate';
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
