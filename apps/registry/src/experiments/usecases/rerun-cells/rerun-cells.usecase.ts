import { Injectable } from '@nestjs/common';
import { EVENT_TYPES, type ExperimentRunRequestedData, FINISHED_RUN_STATUSES, type RunView, TOPICS } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { OutboxService } from '../../../outbox/outbox.service';
import { isUuid } from '../../../shared/pg-errors.util';
import { RegistryException } from '../../../shared/registry.exception';
import { toRunView } from '../../experiment.mapper';
import { RunCredentials } from '../../run-credentials.service';
import { type RerunCellsCommand } from './rerun-cells.command';
import { RunRepository } from '../../run.repository';
import { CellRepository, type RequeueTarget } from '../../cell.repository';

/**
 * Runs some cells of a finished run again, with the run's snapshot: every failed cell,
 * one row, one column or one cell. Each takes a new attempt (answers of the old one are
 * ignored from now on) in a new dispatch; the run is queued again with a new credential.
 */
@Injectable()
export class RerunCellsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runs: RunRepository,
    private readonly cells: CellRepository,
    private readonly credentials: RunCredentials,
    private readonly outbox: OutboxService,
  ) {}

  async execute(command: RerunCellsCommand): Promise<RunView> {
    const { input } = command;
    return this.dataSource.transaction(async (manager) => {
      const run = await this.runs.getRun(command.auth.workspaceId, command.experimentId, command.runId, manager, true);
      if (!FINISHED_RUN_STATUSES.includes(run.status)) throw RegistryException.conflict(`The run is ${run.status}; wait for it to finish (or cancel it) before re-running cells.`);
      let target: RequeueTarget;
      switch (input.scope) {
        case 'failed':
          target = { status: 'failed' };
          break;
        case 'row':
          if (!isUuid(input.datapointId!)) throw RegistryException.field('datapointId', 'datapointId is not a datapoint of this run.');
          target = { datapointId: input.datapointId! };
          break;
        case 'column':
          if (!run.snapshot.columns.some((c) => c.id === input.columnId)) throw RegistryException.field('columnId', `columnId must be one of the run's columns: ${run.snapshot.columns.map((c) => c.id).join(', ')}.`);
          target = { columnId: input.columnId! };
          break;
        case 'cell':
          if (!isUuid(input.cellId!)) throw RegistryException.field('cellId', 'cellId is not a cell of this run.');
          target = { id: input.cellId! };
          break;
      }
      const dispatch = run.dispatch + 1;
      const changed = await this.cells.requeue(manager, run.id, dispatch, target);
      if (changed === 0) {
        const field = { failed: 'scope', row: 'datapointId', column: 'columnId', cell: 'cellId' }[input.scope];
        throw RegistryException.field(field, input.scope === 'failed' ? 'The run has no failed cells.' : `${field} names no cell of this run.`);
      }
      await this.cells.recount(manager, run);
      run.dispatch = dispatch;
      run.status = 'queued';
      run.statusMessage = null;
      run.finishedAt = null;
      await this.credentials.mint(manager, run, `experiment run ${run.number} (re-run ${dispatch - 1})`, command.auth.keyRegions);
      await this.runs.saveRun(manager, run);
      const data: ExperimentRunRequestedData = { runId: run.id, experimentId: run.experimentId, workspaceId: run.workspaceId, dispatch, cellCount: changed };
      await this.outbox.append(manager, TOPICS.experiments, EVENT_TYPES.experimentRunRequested, run.id, data);
      return toRunView(run);
    });
  }
}
