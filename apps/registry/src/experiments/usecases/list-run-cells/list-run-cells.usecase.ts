import { Injectable } from '@nestjs/common';
import { type ListExperimentRunCellsResponse } from '@model-garden/contracts';
import { isUuid } from '../../../shared/pg-errors.util';
import { RegistryException } from '../../../shared/registry.exception';
import { type ListRunCellsCommand } from './list-run-cells.command';
import { CellRepository } from '../../cell.repository';
import { RunRepository } from '../../run.repository';

const DEFAULT_PAGE = 500;
const MAX_PAGE = 2_000;

/**
 * The queued cells of one dispatch of a run, with their datapoints as of the run's
 * dataset revision (gRPC ListExperimentRunCells), paged by cell id. A cancelled or
 * finished run has none left.
 */
@Injectable()
export class ListRunCellsUseCase {
  constructor(
    private readonly runs: RunRepository,
    private readonly cells: CellRepository,
  ) {}

  async execute(command: ListRunCellsCommand): Promise<ListExperimentRunCellsResponse> {
    const run = await this.runs.findRun(command.runId);
    if (!run) throw RegistryException.notFound('run');
    if (command.pageToken !== '' && !isUuid(command.pageToken)) throw RegistryException.field('pageToken', 'pageToken must be the next_page_token of the previous answer');
    const size = Math.min(command.pageSize || DEFAULT_PAGE, MAX_PAGE);
    const rows = await this.cells.queuedOfDispatch(run.id, command.dispatch, command.pageToken, size + 1);
    const page = rows.slice(0, size);
    return {
      cells: page.map((r) => ({
        cellId: r.id,
        datapointId: r.datapoint_id,
        rowIndex: r.row_index,
        columnId: r.column_id,
        repetition: r.repetition,
        attempt: r.attempt,
        inputsJson: JSON.stringify(r.inputs ?? {}),
        messagesJson: JSON.stringify(r.messages ?? null),
        ...(r.expected_output !== null ? { expectedOutput: r.expected_output } : {}),
      })),
      nextPageToken: rows.length > size ? page[page.length - 1]!.id : '',
    };
  }
}
