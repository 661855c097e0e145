import { Injectable } from '@nestjs/common';
import { EVENT_TYPES, type ExperimentRunRequestedData, FINISHED_RUN_STATUSES, type RunView, TOPICS } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { OutboxService } from '../../../outbox/outbox.service';
import { isUuid } from '../../../shared/pg-errors.util';
import { RegistryException } from '../../../shared/registry.exception';
import { toRunView } from '../../experiment.mapper';
import { ExperimentRepository } from '../../experiment.repository';
import { RunCredentials } from '../../run-credentials.service';
import { type RerunCellsCommand } from './rerun-cells.command';

/**
 * Runs some cells of a finished run again, with the run's snapshot: every failed cell,
 * one row, one column or one cell. Each takes a new attempt (answers of the old one are
 * ignored from now on) in a new dispatch; the run is queued again with a new credential.
 */
@Injectable()
export class RerunCellsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly experiments: ExperimentRepository,
    private readonly credentials: RunCredentials,
    private readonly outbox: OutboxService,
  ) {}

  async execute(command: RerunCellsCommand): Promise<RunView> {
    const { input } = command;
    return this.dataSource.transaction(async (manager) => {
      const run = await this.experiments.getRun(command.auth.workspaceId, command.experimentId, command.runId, manager, true);
      if (!FINISHED_RUN_STATUSES.includes(run.status)) throw RegistryException.conflict(`The run is ${run.status}; wait for it to finish (or cancel it) before re-running cells.`);
      let filter: string;
      let value: string | null = null;
      switch (input.scope) {
        case 'failed':
          filter = `status = 'failed'`;
          break;
        case 'row':
          if (!isUuid(input.datapointId!)) throw RegistryException.field('datapointId', 'datapointId is not a datapoint of this run.');
          filter = 'datapoint_id = $3';
          value = input.datapointId!;
          break;
        case 'column':
          if (!run.snapshot.columns.some((c) => c.id === input.columnId)) throw RegistryException.field('columnId', `columnId must be one of the run's columns: ${run.snapshot.columns.map((c) => c.id).join(', ')}.`);
          filter = 'column_id = $3';
          value = input.columnId!;
          break;
        case 'cell':
          if (!isUuid(input.cellId!)) throw RegistryException.field('cellId', 'cellId is not a cell of this run.');
          filter = 'id = $3';
          value = input.cellId!;
          break;
      }
      const dispatch = run.dispatch + 1;
      const [, changed] = (await manager.query(
        `UPDATE experiment_cells
         SET status = 'queued', attempt = attempt + 1, dispatch = $2, output = NULL, finish_reason = NULL, latency_ms = NULL, ttft_ms = NULL,
             input_tokens = NULL, output_tokens = NULL, cost_usd = NULL, scores = '[]'::jsonb, error = NULL, updated_at = clock_timestamp()
         WHERE run_id = $1 AND ${filter}`,
        value === null ? [run.id, dispatch] : [run.id, dispatch, value],
      )) as [unknown, number];
      if (changed === 0) {
        const field = { failed: 'scope', row: 'datapointId', column: 'columnId', cell: 'cellId' }[input.scope];
        throw RegistryException.field(field, input.scope === 'failed' ? 'The run has no failed cells.' : `${field} names no cell of this run.`);
      }
      await this.experiments.recount(manager, run);
      run.dispatch = dispatch;
      run.status = 'queued';
      run.statusMessage = null;
      run.finishedAt = null;
      await this.credentials.mint(manager, run, `experiment run ${run.number} (re-run ${dispatch - 1})`);
      await this.experiments.saveRun(manager, run);
      const data: ExperimentRunRequestedData = { runId: run.id, experimentId: run.experimentId, workspaceId: run.workspaceId, dispatch, cellCount: changed };
      await this.outbox.append(manager, TOPICS.experiments, EVENT_TYPES.experimentRunRequested, run.id, data);
      return toRunView(run);
    });
  }
}
