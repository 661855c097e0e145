import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RegistryException } from '../../../shared/registry.exception';
import { DatasetRepository } from '../../dataset.repository';
import { type DeleteDatapointCommand } from './delete-datapoint.command';

/** Removes a datapoint from the dataset's next revision (older revisions keep it). */
@Injectable()
export class DeleteDatapointUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly datasets: DatasetRepository,
  ) {}

  async execute(command: DeleteDatapointCommand): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const dataset = await this.datasets.getInWorkspace(command.auth.workspaceId, command.datasetId, manager, true);
      const current = await this.datasets.findCurrent(manager, dataset.id, command.datapointId);
      if (!current) throw RegistryException.notFound('datapoint');
      await this.datasets.closeVersions(manager, dataset.id, this.datasets.nextRevision(dataset), current.datapointId);
      await this.datasets.saveCounts(manager, dataset);
    });
  }
}
