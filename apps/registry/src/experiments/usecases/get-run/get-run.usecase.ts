import { Injectable } from '@nestjs/common';
import { type RunDetailsView } from '@model-garden/contracts';
import { toRunView } from '../../experiment.mapper';
import { aggregateRun } from '../../run-aggregates.util';
import { type GetRunCommand } from './get-run.command';
import { RunRepository } from '../../run.repository';
import { CellRepository } from '../../cell.repository';

/** A run with its counts and its column aggregates, computed from the cells. */
@Injectable()
export class GetRunUseCase {
  constructor(
    private readonly runs: RunRepository,
    private readonly cells: CellRepository,
  ) {}

  async execute(command: GetRunCommand): Promise<RunDetailsView> {
    const run = await this.runs.getRun(command.auth.workspaceId, command.experimentId, command.runId);
    const cells = await this.cells.cellsForAggregates(run.id);
    const aggregates = aggregateRun(
      run.snapshot.columns.map((c) => c.id),
      run.snapshot.evaluators.map((e) => e.id),
      cells,
    );
    return { ...toRunView(run), aggregates };
  }
}
