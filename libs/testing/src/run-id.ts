import { randomBytes } from 'node:crypto';

/**
 * The id of one test run. Every run gets its own database, Redis key prefix,
 * Kafka topic prefix and consumer group ids derived from it, so runs never collide.
 */
export function newRunId(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

export interface RunNames {
  runId: string;
  database: string;
  redisPrefix: string;
  kafkaTopicPrefix: string;
  kafkaGroupPrefix: string;
}

export function runNames(tier: 'it' | 'e2e', runId: string): RunNames {
  return {
    runId,
    database: `mg_${tier}_${runId}`,
    redisPrefix: `mg-${tier}-${runId}`,
    kafkaTopicPrefix: `${tier}-${runId}.`,
    kafkaGroupPrefix: `${tier}-${runId}-`,
  };
}
