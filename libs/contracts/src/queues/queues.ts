/**
 * BullMQ queue names and job payloads. Queue names are prefixed at runtime with
 * `REDIS_PREFIX` through BullMQ's own `prefix` option.
 */
export const QUEUES = {
  /** One job per model revision: job id `<modelId>:<revision>`. */
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

/** BullMQ job ids may not contain ':' as the only separator in some versions, so build them in one place. */
export function validationJobId(modelId: string, revision: number): string {
  return `${modelId}:${revision}`;
}
