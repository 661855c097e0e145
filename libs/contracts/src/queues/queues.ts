import { type ChatMessage, type DatapointInputs } from '../experiments/experiment.types';

/**
 * BullMQ queue names and job payloads. Queue names are prefixed at runtime with
 * `REDIS_PREFIX` through BullMQ's own `prefix` option.
 */
export const QUEUES = {
  /** One job per model revision: job id from `validationJobId`. */
  validation: 'model-validation',
  /** Repeatable cheap re-checks of active models. */
  healthChecks: 'model-health-checks',
  /** One job per experiment cell attempt: job id from `experimentCellJobId`. */
  experimentCells: 'experiment-cells',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** BullMQ job names. */
export const JOB_NAMES = {
  /** One model revision's validation (QUEUES.validation). */
  validateModel: 'validate-model',
  /** The repeatable sweep that lists models in service and schedules their re-checks (QUEUES.healthChecks). */
  healthSweep: 'health-sweep',
  /** One model's cheap re-check (QUEUES.healthChecks). */
  healthCheck: 'health-check',
  /** One experiment cell attempt: call the gateway, score the answer (QUEUES.experimentCells). */
  runExperimentCell: 'run-experiment-cell',
} as const;

export interface ValidationJobData {
  modelId: string;
  workspaceId: string;
  revision: number;
  /** The event that asked for it, for tracing. */
  eventId: string;
  /** The W3C trace context of the enqueue (absent when not traced): the job's span continues it. */
  traceparent?: string;
}

/**
 * The BullMQ job id of a model revision's validation, so a duplicate event never
 * runs twice. Not `<modelId>:<revision>`: BullMQ refuses custom ids containing ':'
 * ("Custom Id cannot contain :", bullmq 5 `Job` constructor; docs.bullmq.io/guide/jobs/job-ids:
 * "Custom job ids must not contain the : separator ... use a different value, for example -, _").
 */
export function validationJobId(modelId: string, revision: number): string {
  return `${modelId}_r${revision}`;
}

export interface HealthCheckJobData {
  modelId: string;
  workspaceId: string;
  revision: number;
  /** The model's status when the sweep listed it (`active` or `degraded`). */
  status: string;
}

/** One re-check per model per sweep: a sweep run twice (two replicas) schedules each model once. */
export function healthCheckJobId(modelId: string, sweepStartedAtMs: number): string {
  return `${modelId}_h${sweepStartedAtMs}`;
}

/**
 * One experiment cell attempt. Everything the job needs except the gateway credential,
 * which the worker fetches over gRPC and keeps in memory only (never in Redis or Kafka).
 */
export interface ExperimentCellJobData {
  runId: string;
  workspaceId: string;
  cellId: string;
  attempt: number;
  /** The dispatch that queued it (tracing, and the plan's cache key). */
  dispatch: number;
  datapointId: string;
  rowIndex: number;
  columnId: string;
  repetition: number;
  /** The datapoint as of the run's dataset revision (prompts are not secrets). */
  inputs: DatapointInputs;
  messages: ChatMessage[] | null;
  expectedOutput: string | null;
  /** The event that asked for it, for tracing. */
  eventId: string;
}

/** One job per cell attempt, so a redelivered ExperimentRunRequested enqueues nothing twice. */
export function experimentCellJobId(cellId: string, attempt: number): string {
  return `${cellId}_a${attempt}`;
}
