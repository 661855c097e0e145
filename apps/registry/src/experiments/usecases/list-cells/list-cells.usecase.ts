import { Injectable } from '@nestjs/common';
import { type CellPage } from '@model-garden/contracts';
import { decodeCursor, encodeCursor, invalidCursor } from '../../../shared/cursor.util';
import { runCounts, toCellView } from '../../experiment.mapper';
import { type GridKey } from '../../cell.repository';
import { type ListCellsCommand } from './list-cells.command';
import { RunRepository } from '../../run.repository';
import { CellRepository } from '../../cell.repository';

/** Before any cell existed. */
const EPOCH = '1970-01-01T00:00:00.000000Z';

/**
 * A run's cells in grid order, or with `updatedAfter` the cells changed since, for
 * incremental polling. Every change to one run's cells is made under the run's row
 * lock, one transaction at a time, so change times only grow in commit order;
 * `nextUpdatedAfter` keeps PostgreSQL's microseconds, so no cell is missed or repeated.
 * The run's summary (status, counts) is read after the page, so it is never older than
 * the cells the page shows.
 */
@Injectable()
export class ListCellsUseCase {
  constructor(
    private readonly runs: RunRepository,
    private readonly cells: CellRepository,
  ) {}

  async execute(command: ListCellsCommand): Promise<CellPage> {
    const run = await this.runs.getRun(command.auth.workspaceId, command.experimentId, command.runId);
    const { query } = command;
    const limit = query.limit ?? 500;

    if (query.updatedAfter === undefined) {
      let after: GridKey | undefined;
      if (query.cursor) {
        const cursor = decodeCursor(query.cursor, ['rowIndex', 'columnPosition', 'repetition']);
        after = { rowIndex: Number(cursor['rowIndex']), columnPosition: Number(cursor['columnPosition']), repetition: Number(cursor['repetition']) };
        if (![after.rowIndex, after.columnPosition, after.repetition].every(Number.isInteger)) throw invalidCursor();
      }
      // Read before the page: a change made while the page is read comes in the next poll.
      const latest = (await this.cells.latestChange(run.id)) ?? EPOCH;
      const rows = await this.cells.gridPage(run.id, limit + 1, after);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        data: page.map(toCellView),
        nextCursor: rows.length > limit && last ? encodeCursor({ rowIndex: String(last.rowIndex), columnPosition: String(last.columnPosition), repetition: String(last.repetition) }) : null,
        nextUpdatedAfter: latest,
        run: await this.summary(command),
      };
    }

    let afterId: string | undefined;
    let since = query.updatedAfter;
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor, ['changedAt', 'id']);
      since = cursor['changedAt']!;
      afterId = cursor['id'];
    }
    const rows = await this.cells.changesPage(run.id, limit + 1, since, afterId);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      data: page.map((r) => toCellView(r.cell)),
      nextCursor: rows.length > limit && last ? encodeCursor({ changedAt: last.changedAt, id: last.cell.id }) : null,
      nextUpdatedAfter: last ? last.changedAt : query.updatedAfter,
      run: await this.summary(command),
    };
  }

  private async summary(command: ListCellsCommand): Promise<CellPage['run']> {
    const run = await this.runs.getRun(command.auth.workspaceId, command.experimentId, command.runId);
    return { id: run.id, status: run.status, counts: runCounts(run), updatedAt: new Date(run.updatedAt).toISOString() };
  }
}
