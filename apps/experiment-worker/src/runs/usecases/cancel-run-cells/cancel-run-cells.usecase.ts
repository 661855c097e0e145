import { Injectable } from '@nestjs/common';
import { RunContexts } from '../../../infrastructure/run-contexts';
import { type CancelRunCellsCommand } from './cancel-run-cells.command';

/**
 * Marks a run's dispatch cancelled for every replica: its jobs not yet started are
 * skipped. Jobs already running finish; the registry ignores their results, and the
 * gateway refuses the run's revoked key on their next call.
 */
@Injectable()
export class CancelRunCellsUseCase {
  constructor(private readonly runs: RunContexts) {}

  async execute(command: CancelRunCellsCommand): Promise<void> {
    await this.runs.markCancelled(command.runId, command.dispatch);
  }
}
