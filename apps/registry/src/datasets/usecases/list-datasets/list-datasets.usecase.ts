import { Injectable } from '@nestjs/common';
import { type DatasetListPage } from '@model-garden/contracts';
import { decodeCursor, encodeCursor } from '../../../shared/cursor.util';
import { toDatasetView } from '../../dataset.mapper';
import { DatasetRepository } from '../../dataset.repository';
import { type ListDatasetsCommand } from './list-datasets.command';
import { DatapointRepository } from '../../datapoint.repository';

/** The workspace's datasets, newest first, by cursor. */
@Injectable()
export class ListDatasetsUseCase {
  constructor(
    private readonly datasets: DatasetRepository,
    private readonly datapoints: DatapointRepository,
  ) {}

  async execute(command: ListDatasetsCommand): Promise<DatasetListPage> {
    const limit = command.query.limit ?? 50;
    const after = command.query.cursor ? decodeCursor(command.query.cursor, ['createdAt', 'id']) : undefined;
    const rows = await this.datasets.page(command.auth.workspaceId, limit + 1, after ? { createdAt: after['createdAt']!, id: after['id']! } : undefined);
    const page = rows.slice(0, limit);
    const data = await Promise.all(page.map(async (d) => toDatasetView(d, await this.datapoints.inputKeys(d.id))));
    const last = page[page.length - 1];
    return { data, nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: new Date(last.createdAt).toISOString(), id: last.id }) : null };
  }
}
