import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { type UsageRecordedData } from '@model-garden/contracts';
import { Kafka, logLevel, type Message, type Producer } from 'kafkajs';
/* eslint-disable @nx/enforce-module-boundaries -- single files of the libraries with Node-only imports (bench:build compiles them) */
import { createEnvelope } from '../../libs/contracts/src/events/envelope';
import { EVENT_TYPES } from '../../libs/contracts/src/events/event-types';
import { RememberingDefaultPartitioner } from '../../libs/platform/src/kafka/partitioner';
import { fixKafkaRequestQueuePolling } from '../../libs/platform/src/kafka/request-queue-fix';
/* eslint-enable @nx/enforce-module-boundaries */

/** The gateway's defaults (GATEWAY_USAGE_FLUSH_INTERVAL_MS, GATEWAY_USAGE_BATCH_SIZE). */
const FLUSH_INTERVAL_MS = 250;
const BATCH_SIZE = 500;

/** What one request reports: the model that served, its tokens and price, how it went. */
export type UsageFacts = Pick<UsageRecordedData, 'workspaceId' | 'apiKeyId' | 'modelId' | 'modelRef' | 'status' | 'inputTokens' | 'outputTokens' | 'costUsd' | 'latencyMs'>;

/**
 * The per-request duty the design gives any gateway beyond proxying (DESIGN.md: usage
 * tracked per request through Kafka, exact under SIGKILL), done the least costly way
 * one Node.js process can, for the bench's `node-proxy-usage` reference: one usage
 * event per request as a CloudEvents envelope serialised once (the fields of the
 * gateway's UsageRecorded), appended to a journal file with one synchronous write
 * before the answer is written, and published by an idempotent kafkajs producer keyed
 * by model, in batches at the gateway's interval and size, to a topic of the run's own
 * that nobody consumes (its kafkajs with the platform's request-queue fix, as the
 * services'). No retries, bounds, metrics, tracing or journal segments: the
 * floor of the duty, not a second gateway.
 */
export class UsageDuty {
  private buffer: Message[] = [];
  private sending: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly producer: Producer,
    private readonly topic: string,
    private readonly journalDir: string,
    private readonly journal: number,
  ) {
    this.timer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
  }

  static async start(brokers: string[], topic: string, journalDir: string): Promise<UsageDuty> {
    // As every service's client (createKafka): no idle 1 ms timer per connection.
    fixKafkaRequestQueuePolling();
    const kafka = new Kafka({ clientId: 'bench-reference-proxy', brokers, logLevel: logLevel.ERROR });
    const producer = kafka.producer({ allowAutoTopicCreation: false, idempotent: true, maxInFlightRequests: 1, createPartitioner: RememberingDefaultPartitioner });
    await producer.connect();
    mkdirSync(journalDir, { recursive: true });
    return new UsageDuty(producer, topic, journalDir, openSync(join(journalDir, 'usage.jsonl'), 'a'));
  }

  record(facts: UsageFacts): void {
    const now = new Date();
    const data: UsageRecordedData = { requestId: randomUUID(), ...facts, endpoint: 'chat.completions', estimated: false, streamed: false, occurredAt: now.toISOString(), region: 'eu' };
    const event = createEnvelope(EVENT_TYPES.usageRecorded, '/model-garden/bench-reference-proxy', facts.modelId, data, { time: now });
    const message: Message = { key: event.subject, value: JSON.stringify(event), headers: { 'ce-type': event.type, 'ce-id': event.id } };
    writeSync(this.journal, `{"k":${JSON.stringify(message.key)},"h":${JSON.stringify(message.headers)},"v":${message.value as string}}\n`);
    this.buffer.push(message);
    if (this.buffer.length >= BATCH_SIZE && this.sending === undefined) setImmediate(() => void this.flush());
  }

  private flush(): Promise<void> {
    if (this.sending !== undefined || this.buffer.length === 0) return this.sending ?? Promise.resolve();
    const batch = this.buffer.splice(0, BATCH_SIZE);
    this.sending = this.producer
      .send({ topic: this.topic, acks: -1, messages: batch })
      .then(() => undefined)
      .catch((error: unknown) => {
        process.stderr.write(`reference proxy: usage batch not published: ${String(error)}\n`);
      })
      .finally(() => {
        this.sending = undefined;
      });
    return this.sending;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    while (this.buffer.length > 0 || this.sending !== undefined) await this.flush();
    await this.producer.disconnect();
    closeSync(this.journal);
    rmSync(this.journalDir, { recursive: true, force: true });
  }
}

/**
 * Creates the reference proxy's usage topic with as many partitions as `like` (the
 * stack's usage topic, so the producer's work is the same) and returns what deletes it
 * after the run.
 */
export async function usageTopic(brokers: string[], topic: string, like: string): Promise<() => Promise<void>> {
  const admin = new Kafka({ clientId: 'bench-reference-proxy-admin', brokers, logLevel: logLevel.ERROR }).admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: [like] });
    const numPartitions = topics[0]?.partitions.length ?? 0;
    if (numPartitions === 0) throw new Error(`the stack's usage topic ${like} has no partitions: is the stack up (npm run up)?`);
    await admin.createTopics({ topics: [{ topic, numPartitions, replicationFactor: 1 }], waitForLeaders: true });
  } catch (error) {
    await admin.disconnect();
    throw error;
  }
  return async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  };
}
