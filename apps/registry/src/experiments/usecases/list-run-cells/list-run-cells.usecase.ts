import { Injectable } from '@nestjs/common';
import { type ListExperimentRunCellsResponse } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { isUuid } from '../../../shared/pg-errors.util';
import { RegistryException } from '../../../shared/registry.exception';
import { ExperimentRepository } from '../../experiment.repository';
import { type ListRunCellsCommand } from './list-run-cells.command';

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
    private readonly dataSource: DataSource,
    private readonly experiments: ExperimentRepository,
  ) {}

  async execute(command: ListRunCellsCommand): Promise<ListExperimentRunCellsResponse> {
    const run = await this.experiments.findRun(command.runId);
    if (!run) throw RegistryException.notFound('run');
    if (command.pageToken !== '' && !isUuid(command.pageToken)) throw RegistryException.field('pageToken', 'pageToken must be the next_page_token of the previous answer');
    const size = Math.min(command.pageSize || DEFAULT_PAGE, MAX_PAGE);
    const rows: { id: string; datapoint_id: string; row_index: number; column_id: string; repetition: number; attempt: number; inputs: unknown; messages: unknown; expected_output: string | null }[] =
      await this.dataSource.query(
        `SELECT c.id, c.datapoint_id, c.row_index, c.column_id, c.repetition, c.attempt, d.inputs, d.messages, d.expected_output
         FROM experiment_cells c JOIN dataset_datapoints d ON d.version_id = c.datapoint_version_id
         WHERE c.run_id = $1 AND c.dispatch = $2 AND c.status = 'queued' AND ($3 = '' OR c.id > $3::uuid)
         ORDER BY c.id LIMIT $4`,
        [run.id, command.dispatch, command.pageToken, size + 1],
      );
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
