import { Injectable } from '@nestjs/common';
import { type DatapointInput, type DatapointView, normalizeDatapoint } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { RegistryException } from '../../../shared/registry.exception';
import { toDatapointView } from '../../dataset.mapper';
import { DatasetRepository } from '../../dataset.repository';
import { type ReplaceDatapointCommand } from './replace-datapoint.command';
import { DatapointRepository } from '../../datapoint.repository';

/**
 * Edits a datapoint: its current version is closed at the dataset's next revision and
 * a new version takes its id and position, so runs of older revisions keep what they read.
 */
@Injectable()
export class ReplaceDatapointUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly datasets: DatasetRepository,
    private readonly datapoints: DatapointRepository,
  ) {}

  async execute(command: ReplaceDatapointCommand): Promise<DatapointView> {
    const row = normalizeDatapoint(command.input as DatapointInput);
    const written = await this.dataSource.transaction(async (manager) => {
      const dataset = await this.datasets.getInWorkspace(command.auth.workspaceId, command.datasetId, manager, true);
      const current = await this.datapoints.findCurrent(manager, dataset.id, command.datapointId);
      if (!current) throw RegistryException.notFound('datapoint');
      const revision = this.datasets.nextRevision(dataset);
      await this.datapoints.closeVersions(manager, dataset.id, revision, current.datapointId);
      const [entity] = await this.datapoints.insertVersions(manager, dataset.id, revision, current.position, [row], [current.datapointId]);
      await this.datasets.saveCounts(manager, dataset, await this.datapoints.countCurrent(manager, dataset.id));
      return entity!;
    });
    return toDatapointView(written);
  }
}
