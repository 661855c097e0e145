import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RegistryException } from '../../../shared/registry.exception';
import { DatasetRepository } from '../../dataset.repository';
import { type DeleteDatapointCommand } from './delete-datapoint.command';
import { DatapointRepository } from '../../datapoint.repository';

/** Removes a datapoint from the dataset's next revision (older revisions keep it). */
@Injectable()
export class DeleteDatapointUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly datasets: DatasetRepository,
    private readonly datapoints: DatapointRepository,
  ) {}

  async execute(command: DeleteDatapointCommand): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const dataset = await this.datasets.getInWorkspace(command.auth.workspaceId, command.datasetId, manager, true);
      const current = await this.datapoints.findCurrent(manager, dataset.id, command.datapointId);
      if (!current) throw RegistryException.notFound('datapoint');
      await this.datapoints.closeVersions(manager, dataset.id, this.datasets.nextRevision(dataset), current.datapointId);
      await this.datasets.saveCounts(manager, dataset, await this.datapoints.countCurrent(manager, dataset.id));
    });
  }
}
