import { Injectable } from '@nestjs/common';
import { type DatapointListPage } from '@model-garden/contracts';
import { decodeCursor, encodeCursor, invalidCursor } from '../../../shared/cursor.util';
import { toDatapointView } from '../../dataset.mapper';
import { DatasetRepository } from '../../dataset.repository';
import { type ListDatapointsCommand } from './list-datapoints.command';
import { DatapointRepository } from '../../datapoint.repository';

/** The dataset's current datapoints in order, by cursor. */
@Injectable()
export class ListDatapointsUseCase {
  constructor(
    private readonly datasets: DatasetRepository,
    private readonly datapoints: DatapointRepository,
  ) {}

  async execute(command: ListDatapointsCommand): Promise<DatapointListPage> {
    const dataset = await this.datasets.getInWorkspace(command.auth.workspaceId, command.datasetId);
    const limit = command.query.limit ?? 50;
    let after: number | undefined;
    if (command.query.cursor) {
      after = Number(decodeCursor(command.query.cursor, ['position'])['position']);
      if (!Number.isInteger(after)) throw invalidCursor();
    }
    const rows = await this.datapoints.currentPage(dataset.id, limit + 1, after);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { data: page.map(toDatapointView), nextCursor: rows.length > limit && last ? encodeCursor({ position: String(last.position) }) : null };
  }
}
