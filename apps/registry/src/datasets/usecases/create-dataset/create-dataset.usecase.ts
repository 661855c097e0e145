import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type DatapointInput, type DatasetView, normalizeDatapoint } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { DatasetEntity } from '../../dataset.entity';
import { toDatasetView } from '../../dataset.mapper';
import { DatasetRepository } from '../../dataset.repository';
import { type CreateDatasetCommand } from './create-dataset.command';
import { DatapointRepository } from '../../datapoint.repository';

/** A new dataset, with its first datapoints (revision 1) when the body has some, in one transaction. */
@Injectable()
export class CreateDatasetUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly datasets: DatasetRepository,
    private readonly datapoints: DatapointRepository,
  ) {}

  async execute(command: CreateDatasetCommand): Promise<DatasetView> {
    const { auth, input } = command;
    const now = new Date();
    const rows = (input.datapoints ?? []).map((d) => normalizeDatapoint(d as DatapointInput));
    const dataset = Object.assign(new DatasetEntity(), {
      id: randomUUID(),
      workspaceId: auth.workspaceId,
      name: input.name.trim(),
      description: input.description ?? null,
      revision: rows.length > 0 ? 1 : 0,
      rowCount: rows.length,
      createdAt: now,
      updatedAt: now,
    } satisfies DatasetEntity);
    await this.dataSource.transaction(async (manager) => {
      await this.datasets.insert(manager, dataset);
      if (rows.length > 0) await this.datapoints.insertVersions(manager, dataset.id, 1, 0, rows);
    });
    return toDatasetView(dataset, [...new Set(rows.flatMap((r) => Object.keys(r.inputs)))].sort());
  }
}
