import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { type RunExportFormat } from '@model-garden/contracts';
import { toCellView } from '../../experiment.mapper';
import { type RunEntity } from '../../run.entity';
import { type ExportRunCommand } from './export-run.command';
import { RunRepository } from '../../run.repository';
import { CellRepository } from '../../cell.repository';

export interface RunExport {
  filename: string;
  contentType: string;
  chunks: AsyncGenerator<string>;
}

const FIXED_COLUMNS = ['row_index', 'datapoint_id', 'column_id', 'column_name', 'repetition', 'attempt', 'status', 'output', 'finish_reason', 'latency_ms', 'ttft_ms', 'input_tokens', 'output_tokens', 'cost_usd', 'error_code', 'error_message'];

/**
 * A run's cells as JSONL (one cell per line, as the API shows it, plus the column name)
 * or CSV (one row per cell, then `score.<evaluator>` and `reason.<evaluator>` per
 * evaluator of the snapshot), streamed page by page in grid order.
 */
@Injectable()
export class ExportRunUseCase {
  constructor(
    private readonly runs: RunRepository,
    private readonly cells: CellRepository,
  ) {}

  async execute(command: ExportRunCommand): Promise<RunExport> {
    const run = await this.runs.getRun(command.auth.workspaceId, command.experimentId, command.runId);
    return {
      filename: `run-${run.number}.${command.format}`,
      contentType: command.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      chunks: this.lines(run, command.format),
    };
  }

  private async *lines(run: RunEntity, format: RunExportFormat): AsyncGenerator<string> {
    const names = new Map(run.snapshot.columns.map((c) => [c.id, c.name]));
    const evaluators = run.snapshot.evaluators.map((e) => e.id);
    if (format === 'csv') yield stringify([[...FIXED_COLUMNS, ...evaluators.flatMap((id) => [`score.${id}`, `reason.${id}`])]]);
    for await (const page of this.cells.allCells(run.id)) {
      if (format === 'jsonl') {
        yield page.map((cell) => JSON.stringify({ ...toCellView(cell), columnName: names.get(cell.columnId) ?? null })).join('\n') + '\n';
        continue;
      }
      yield stringify(
        page.map((c) => [
          c.rowIndex,
          c.datapointId,
          c.columnId,
          names.get(c.columnId) ?? '',
          c.repetition,
          c.attempt,
          c.status,
          c.output ?? '',
          c.finishReason ?? '',
          c.latencyMs ?? '',
          c.ttftMs ?? '',
          c.inputTokens ?? '',
          c.outputTokens ?? '',
          c.costUsd ?? '',
          c.error?.code ?? '',
          c.error?.message ?? '',
          ...evaluators.flatMap((id) => {
            const score = c.scores.find((s) => s.evaluatorId === id);
            return [score?.score ?? '', score ? (score.error ?? score.reason) : ''];
          }),
        ]),
      );
    }
  }
}
