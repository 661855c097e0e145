import { Injectable } from '@nestjs/common';
import { type DatasetView } from '@model-garden/contracts';
import { toDatasetView } from '../../dataset.mapper';
import { DatasetRepository } from '../../dataset.repository';
import { type GetDatasetCommand } from './get-dataset.command';
import { DatapointRepository } from '../../datapoint.repository';

@Injectable()
export class GetDatasetUseCase {
  constructor(
    private readonly datasets: DatasetRepository,
    private readonly datapoints: DatapointRepository,
  ) {}

  async execute(command: GetDatasetCommand): Promise<DatasetView> {
    const dataset = await this.datasets.getInWorkspace(command.auth.workspaceId, command.id);
    return toDatasetView(dataset, await this.datapoints.inputKeys(dataset.id));
  }
}
