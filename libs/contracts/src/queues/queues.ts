/**
 * BullMQ queue names and job payloads. Queue names are prefixed at runtime with
 * `REDIS_PREFIX` through BullMQ's own `prefix` option.
 */
export const QUEUES = {
  /** One job per model revision: job id from `validationJobId`. */
  validation: 'model-validation',
  /** Repeatable cheap re-checks of active models. */
  healthChecks: 'model-health-checks',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface ValidationJobData {
  modelId: string;
  workspaceId: string;
  revision: number;
  /** The event that asked for it, for tracing. */
  eventId: string;
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
