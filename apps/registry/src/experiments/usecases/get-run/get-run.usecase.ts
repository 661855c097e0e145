import { Injectable } from '@nestjs/common';
import { type RunDetailsView } from '@model-garden/contracts';
import { toRunView } from '../../experiment.mapper';
import { ExperimentRepository } from '../../experiment.repository';
import { aggregateRun } from '../../run-aggregates.util';
import { type GetRunCommand } from './get-run.command';

/** A run with its counts and its column aggregates, computed from the cells. */
@Injectable()
export class GetRunUseCase {
  constructor(private readonly experiments: ExperimentRepository) {}

  async execute(command: GetRunCommand): Promise<RunDetailsView> {
    const run = await this.experiments.getRun(command.auth.workspaceId, command.experimentId, command.runId);
    const cells = await this.experiments.cellsForAggregates(run.id);
    const aggregates = aggregateRun(
      run.snapshot.columns.map((c) => c.id),
      run.snapshot.evaluators.map((e) => e.id),
      cells,
    );
    return { ...toRunView(run), aggregates };
  }
}
