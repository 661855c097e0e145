import { Injectable } from '@nestjs/common';
import { EVENT_TYPES, type ExperimentRunCancelledData, FINISHED_RUN_STATUSES, type RunView, TOPICS } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { OutboxService } from '../../../outbox/outbox.service';
import { RegistryException } from '../../../shared/registry.exception';
import { toRunView } from '../../experiment.mapper';
import { RunCredentials } from '../../run-credentials.service';
import { type CancelRunCommand } from './cancel-run.command';
import { RunRepository } from '../../run.repository';
import { CellRepository } from '../../cell.repository';

/**
 * Cancels a run: its queued cells become `cancelled` (answers arriving for them later
 * are ignored), the credential is revoked (the gateway refuses the cells in flight), and
 * ExperimentRunCancelled tells the workers to skip the jobs not yet started.
 */
@Injectable()
export class CancelRunUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runs: RunRepository,
    private readonly cells: CellRepository,
    private readonly credentials: RunCredentials,
    private readonly outbox: OutboxService,
  ) {}

  async execute(command: CancelRunCommand): Promise<RunView> {
    return this.dataSource.transaction(async (manager) => {
      const run = await this.runs.getRun(command.auth.workspaceId, command.experimentId, command.runId, manager, true);
      if (FINISHED_RUN_STATUSES.includes(run.status)) throw RegistryException.conflict(`The run is already ${run.status}; there is nothing to cancel.`);
      await this.cells.cancelQueued(manager, run.id);
      await this.cells.recount(manager, run);
      run.status = 'cancelled';
      run.statusMessage = 'Cancelled by a user.';
      run.finishedAt = new Date();
      await this.credentials.revoke(manager, run);
      await this.runs.saveRun(manager, run);
      const data: ExperimentRunCancelledData = { runId: run.id, experimentId: run.experimentId, workspaceId: run.workspaceId, dispatch: run.dispatch };
      await this.outbox.append(manager, TOPICS.experiments, EVENT_TYPES.experimentRunCancelled, run.id, data);
      return toRunView(run);
    });
  }
}
