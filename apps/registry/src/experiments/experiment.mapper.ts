import { type CellCounts, type CellView, type ExperimentView, type RunView } from '@model-garden/contracts';
import { type CellEntity } from './cell.entity';
import { type ExperimentEntity } from './experiment.entity';
import { type RunEntity } from './run.entity';

const iso = (value: Date | null): string | null => (value === null ? null : new Date(value).toISOString());

export function toExperimentView(entity: ExperimentEntity): ExperimentView {
  return {
    id: entity.id,
    name: entity.name,
    description: entity.description,
    datasetId: entity.datasetId,
    columns: entity.columns,
    evaluatorIds: entity.evaluatorIds,
    repetitions: entity.repetitions,
    concurrencyPerModel: entity.concurrencyPerModel,
    lastRunId: entity.lastRunId,
    createdAt: iso(entity.createdAt)!,
    updatedAt: iso(entity.updatedAt)!,
  };
}

export function runCounts(run: RunEntity): CellCounts {
  return { queued: run.queuedCount, completed: run.completedCount, failed: run.failedCount, cancelled: run.cancelledCount, total: run.totalCount };
}

/** The run as responses show it: never its credential. */
export function toRunView(run: RunEntity): RunView {
  return {
    id: run.id,
    experimentId: run.experimentId,
    number: run.number,
    status: run.status,
    statusMessage: run.statusMessage,
    counts: runCounts(run),
    snapshot: run.snapshot,
    createdAt: iso(run.createdAt)!,
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt),
    updatedAt: iso(run.updatedAt)!,
  };
}

export function toCellView(cell: CellEntity): CellView {
  return {
    id: cell.id,
    datapointId: cell.datapointId,
    rowIndex: cell.rowIndex,
    columnId: cell.columnId,
    repetition: cell.repetition,
    attempt: cell.attempt,
    status: cell.status,
    output: cell.output,
    finishReason: cell.finishReason,
    latencyMs: cell.latencyMs,
    ttftMs: cell.ttftMs,
    inputTokens: cell.inputTokens,
    outputTokens: cell.outputTokens,
    costUsd: cell.costUsd,
    scores: cell.scores,
    error: cell.error,
    updatedAt: iso(cell.updatedAt)!,
  };
}
