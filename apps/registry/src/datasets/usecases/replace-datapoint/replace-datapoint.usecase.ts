import { Injectable } from '@nestjs/common';
import { type DatapointInput, type DatapointView, normalizeDatapoint } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { RegistryException } from '../../../shared/registry.exception';
import { toDatapointView } from '../../dataset.mapper';
import { DatasetRepository } from '../../dataset.repository';
import { type ReplaceDatapointCommand } from './replace-datapoint.command';

/**
 * Edits a datapoint: its current version is closed at the dataset's next revision and
 * a new version takes its id and position, so runs of older revisions keep what they read.
 */
@Injectable()
export class ReplaceDatapointUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly datasets: DatasetRepository,
  ) {}

  async execute(command: ReplaceDatapointCommand): Promise<DatapointView> {
    const row = normalizeDatapoint(command.input as DatapointInput);
    const written = await this.dataSource.transaction(async (manager) => {
      const dataset = await this.datasets.getInWorkspace(command.auth.workspaceId, command.datasetId, manager, true);
      const current = await this.datasets.findCurrent(manager, dataset.id, command.datapointId);
      if (!current) throw RegistryException.notFound('datapoint');
      const revision = this.datasets.nextRevision(dataset);
      await this.datasets.closeVersions(manager, dataset.id, revision, current.datapointId);
      const [entity] = await this.datasets.insertVersions(manager, dataset.id, revision, current.position, [row], [current.datapointId]);
      await this.datasets.saveCounts(manager, dataset);
      return entity!;
    });
    return toDatapointView(written);
  }
}
