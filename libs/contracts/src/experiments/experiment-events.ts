import { type CellError, type EvaluatorScore } from './experiment.types';

/**
 * Payload of ExperimentRunRequested (registry → experiment worker, through the outbox):
 * the cells of `dispatch` are queued. No datapoint, template or credential travels here:
 * the worker fetches the run's snapshot, cells and gateway credential over gRPC.
 */
export interface ExperimentRunRequestedData {
  runId: string;
  experimentId: string;
  workspaceId: string;
  /** 1 when the run starts, then one more per re-run; the worker lists this dispatch's queued cells. */
  dispatch: number;
  /** Cells queued by this dispatch. */
  cellCount: number;
}

/** Payload of ExperimentRunCancelled (registry → experiment worker): skip the run's cells not yet started. */
export interface ExperimentRunCancelledData {
  runId: string;
  experimentId: string;
  workspaceId: string;
  /** The dispatch cancelled (and every one before it); a later re-run's cells run. */
  dispatch: number;
}

/** Cell outcome as the worker reports it: `completed` (an answer, scored) or `failed` (no answer: `error`). */
export type CellOutcomeStatus = 'completed' | 'failed';

/**
 * Payload of ExperimentCellCompleted (experiment worker → registry): one cell attempt's
 * answer, figures and scores, or its error. The registry stores it once per
 * (cellId, attempt); a redelivery or a stale attempt changes nothing.
 */
export interface ExperimentCellCompletedData {
  runId: string;
  workspaceId: string;
  cellId: string;
  attempt: number;
  status: CellOutcomeStatus;
  output: string | null;
  finishReason: string | null;
  /** Request sent to last byte, in milliseconds. */
  latencyMs: number | null;
  /** Request sent to the first content token, in milliseconds. */
  ttftMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  scores: EvaluatorScore[];
  error: CellError | null;
  completedAt: string;
}
