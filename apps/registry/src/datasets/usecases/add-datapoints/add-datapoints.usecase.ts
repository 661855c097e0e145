import { Injectable } from '@nestjs/common';
import { type DatapointInput, type DatapointListPage, normalizeDatapoint } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { toDatapointView } from '../../dataset.mapper';
import { DatasetRepository } from '../../dataset.repository';
import { type AddDatapointsCommand } from './add-datapoints.command';
import { DatapointRepository } from '../../datapoint.repository';

/** Appends datapoints after the last one, as a new revision of the dataset. */
@Injectable()
export class AddDatapointsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly datasets: DatasetRepository,
    private readonly datapoints: DatapointRepository,
  ) {}

  async execute(command: AddDatapointsCommand): Promise<DatapointListPage> {
    const rows = command.input.datapoints.map((d) => normalizeDatapoint(d as DatapointInput));
    const written = await this.dataSource.transaction(async (manager) => {
      const dataset = await this.datasets.getInWorkspace(command.auth.workspaceId, command.datasetId, manager, true);
      const revision = this.datasets.nextRevision(dataset);
      const entities = await this.datapoints.insertVersions(manager, dataset.id, revision, await this.datapoints.nextPosition(manager, dataset.id), rows);
      await this.datasets.saveCounts(manager, dataset, await this.datapoints.countCurrent(manager, dataset.id));
      return entities;
    });
    return { data: written.map(toDatapointView), nextCursor: null };
  }
}
