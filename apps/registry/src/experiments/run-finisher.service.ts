import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { RunCredentials } from './run-credentials.service';
import { type RunEntity } from './run.entity';
import { RunRepository } from './run.repository';

/**
 * The registry decides when a run ends: when no cell is left queued, in the
 * transaction that stored the last one. `completed` when any cell produced an answer,
 * `failed` when every cell failed; the credential is revoked in the same transaction.
 */
@Injectable()
export class RunFinisher {
  constructor(
    private readonly credentials: RunCredentials,
    private readonly runs: RunRepository,
  ) {}

  /** Closes a locked run whose cells are all in; true when it did. Saves the run either way. */
  async closeIfDone(manager: EntityManager, run: RunEntity): Promise<boolean> {
    const done = run.queuedCount === 0 && (run.status === 'queued' || run.status === 'running');
    if (done) {
      run.status = run.completedCount > 0 || run.totalCount === 0 ? 'completed' : 'failed';
      run.statusMessage = run.status === 'failed' ? `All ${run.failedCount} cells failed; see each cell's error.` : null;
      run.finishedAt = new Date();
      await this.credentials.revoke(manager, run);
    }
    await this.runs.saveRun(manager, run);
    return done;
  }
}
