import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { type DatasetFormat } from '@model-garden/contracts';
import { DatasetRepository } from '../../dataset.repository';
import { type ExportDatasetCommand } from './export-dataset.command';
import { DatapointRepository } from '../../datapoint.repository';

const PAGE = 500;

export interface DatasetExport {
  filename: string;
  contentType: string;
  /** The file, page by page from the database (never the whole dataset in memory). */
  chunks: AsyncGenerator<string>;
}

/**
 * The current datapoints as JSONL (one datapoint per line, the import's format) or CSV
 * (`input.<name>` columns, `expected_output`, `messages` and `metadata` as JSON): an
 * export imports back unchanged (CSV inputs come back as strings).
 */
@Injectable()
export class ExportDatasetUseCase {
  constructor(
    private readonly datasets: DatasetRepository,
    private readonly datapoints: DatapointRepository,
  ) {}

  async execute(command: ExportDatasetCommand): Promise<DatasetExport> {
    const dataset = await this.datasets.getInWorkspace(command.auth.workspaceId, command.datasetId);
    const keys = command.format === 'csv' ? await this.datapoints.inputKeys(dataset.id) : [];
    const safeName = dataset.name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 60) || 'dataset';
    return {
      filename: `${safeName}-r${dataset.revision}.${command.format}`,
      contentType: command.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      chunks: this.lines(dataset.id, command.format, keys),
    };
  }

  private async *lines(datasetId: string, format: DatasetFormat, keys: string[]): AsyncGenerator<string> {
    if (format === 'csv') yield stringify([[...keys.map((k) => `input.${k}`), 'expected_output', 'messages', 'metadata']]);
    let after: number | undefined;
    for (;;) {
      const rows = await this.datapoints.currentPage(datasetId, PAGE, after);
      if (rows.length === 0) return;
      if (format === 'jsonl') {
        yield rows.map((r) => JSON.stringify({ inputs: r.inputs, messages: r.messages, expectedOutput: r.expectedOutput, metadata: r.metadata })).join('\n') + '\n';
      } else {
        yield stringify(
          rows.map((r) => [
            ...keys.map((k) => (r.inputs[k] === undefined || r.inputs[k] === null ? '' : String(r.inputs[k]))),
            r.expectedOutput ?? '',
            r.messages ? JSON.stringify(r.messages) : '',
            Object.keys(r.metadata).length > 0 ? JSON.stringify(r.metadata) : '',
          ]),
        );
      }
      after = rows[rows.length - 1]!.position;
      if (rows.length < PAGE) return;
    }
  }
}
