import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RegistryException } from '../../../shared/registry.exception';
import { DatasetRepository } from '../../dataset.repository';
import { type DeleteDatasetCommand } from './delete-dataset.command';
import { ExperimentRepository } from '../../../experiments/experiment.repository';

/** Deletes a dataset and its datapoints; refused (409) while an experiment uses it, since its runs read them. */
@Injectable()
export class DeleteDatasetUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly datasets: DatasetRepository,
    private readonly experiments: ExperimentRepository,
  ) {}

  async execute(command: DeleteDatasetCommand): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const dataset = await this.datasets.getInWorkspace(command.auth.workspaceId, command.id, manager, true);
      const users = await this.experiments.countUsingDataset(manager, dataset.id);
      if (users > 0) throw RegistryException.conflict(`${users} experiment${users === 1 ? ' uses' : 's use'} this dataset; delete ${users === 1 ? 'it' : 'them'} first (their runs read its datapoints).`);
      await this.datasets.remove(manager, dataset.id);
    });
  }
}
