import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RegistryException } from '../../../shared/registry.exception';
import { ExperimentRepository } from '../../experiment.repository';
import { type DeleteExperimentCommand } from './delete-experiment.command';
import { RunRepository } from '../../run.repository';

/** Deletes an experiment with its runs and cells; refused (409) while a run is in progress (cancel it first). */
@Injectable()
export class DeleteExperimentUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly experiments: ExperimentRepository,
    private readonly runs: RunRepository,
  ) {}

  async execute(command: DeleteExperimentCommand): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const entity = await this.experiments.getInWorkspace(command.auth.workspaceId, command.id, manager, true);
      if ((await this.runs.activeRuns(manager, entity.id)) > 0) throw RegistryException.conflict('A run of this experiment is in progress; cancel it first (POST .../runs/{runId}/cancel).');
      await this.experiments.remove(manager, entity.id);
    });
  }
}
