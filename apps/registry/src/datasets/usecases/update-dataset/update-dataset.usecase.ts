import { Injectable } from '@nestjs/common';
import { type DatasetView } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { toDatasetView } from '../../dataset.mapper';
import { DatasetRepository } from '../../dataset.repository';
import { type UpdateDatasetCommand } from './update-dataset.command';
import { DatapointRepository } from '../../datapoint.repository';

/** Renames or re-describes a dataset; its revision (the datapoints) does not change. */
@Injectable()
export class UpdateDatasetUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly datasets: DatasetRepository,
    private readonly datapoints: DatapointRepository,
  ) {}

  async execute(command: UpdateDatasetCommand): Promise<DatasetView> {
    const { auth, id, input } = command;
    const dataset = await this.dataSource.transaction(async (manager) => {
      const found = await this.datasets.getInWorkspace(auth.workspaceId, id, manager, true);
      if (input.name !== undefined) found.name = input.name.trim();
      if (input.description !== undefined) found.description = input.description;
      found.updatedAt = new Date();
      await this.datasets.saveDetails(manager, found);
      return found;
    });
    return toDatasetView(dataset, await this.datapoints.inputKeys(dataset.id));
  }
}
