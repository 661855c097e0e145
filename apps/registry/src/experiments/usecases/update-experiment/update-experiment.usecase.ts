import { Injectable } from '@nestjs/common';
import { type ColumnSpec, type ExperimentView } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { toExperimentView } from '../../experiment.mapper';
import { ExperimentRepository } from '../../experiment.repository';
import { ExperimentRules } from '../../experiment-rules.service';
import { type UpdateExperimentCommand } from './update-experiment.command';

/** Changes an experiment; runs already started keep their snapshot. */
@Injectable()
export class UpdateExperimentUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly experiments: ExperimentRepository,
    private readonly rules: ExperimentRules,
  ) {}

  async execute(command: UpdateExperimentCommand): Promise<ExperimentView> {
    const { auth, input } = command;
    return this.dataSource.transaction(async (manager) => {
      const entity = await this.experiments.getInWorkspace(auth.workspaceId, command.id, manager, true);
      const checked = await this.rules.check(
        auth,
        { datasetId: input.datasetId ?? entity.datasetId, columns: (input.columns as ColumnSpec[] | undefined) ?? entity.columns, evaluatorIds: input.evaluatorIds ?? entity.evaluatorIds },
        manager,
      );
      if (input.name !== undefined) entity.name = input.name.trim();
      if (input.description !== undefined) entity.description = input.description;
      entity.datasetId = checked.dataset.id;
      entity.columns = checked.columns;
      if (input.evaluatorIds !== undefined) entity.evaluatorIds = input.evaluatorIds;
      if (input.repetitions !== undefined) entity.repetitions = input.repetitions;
      if (input.concurrencyPerModel !== undefined) entity.concurrencyPerModel = input.concurrencyPerModel;
      entity.updatedAt = new Date();
      await this.experiments.save(manager, entity);
      return toExperimentView(entity);
    });
  }
}
