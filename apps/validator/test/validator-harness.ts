import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import { type Consumer, Kafka, logLevel, type Producer } from 'kafkajs';
import { createEnvelope, EVENT_TYPES, type EventEnvelope, type EventType, type ModelChangedData, parseEnvelope, prefixedTopic, QUEUES, TOPICS } from '@model-garden/contracts';
import { createLogger, createRedis, loadConfig } from '@model-garden/platform';
import { AppModule } from '../src/app.module';
import { ValidatorConfig } from '../src/config/validator.config';
import { freePort, type RegistryGrpcDouble, sleep } from '@model-garden/testing';

const WORKSPACE_ROOT = join(__dirname, '../../..');

// The shared helpers, where this app's tests have always found them.
export { freePort, sleep, waitFor } from '@model-garden/testing';

/** Names for one test file, under this integration run's prefixes (so the run's cleanup removes them). */
export function suiteNames(suite: string) {
  const env = process.env;
  const topicPrefix = `${env['KAFKA_TOPIC_PREFIX'] ?? 'it-local.'}${suite}.`;
  return {
    topicPrefix,
    redisPrefix: `${env['REDIS_PREFIX'] ?? 'mg-it-local'}-${suite}`,
    groupPrefix: `${env['KAFKA_GROUP_PREFIX'] ?? 'it-local-'}${suite}-`,
    modelsTopic: prefixedTopic(topicPrefix, TOPICS.models),
    validationTopic: prefixedTopic(topicPrefix, TOPICS.validation),
  };
}

export type SuiteNames = ReturnType<typeof suiteNames>;

/** The validator's environment for a test: fast backoff, short deadlines, quick stalled-job recovery. */
export function validatorEnv(names: SuiteNames, registry: RegistryGrpcDouble, serviceToken: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env['VALIDATOR_TEST_LOG_LEVEL'] ?? 'silent',
    KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
    KAFKA_TOPIC_PREFIX: names.topicPrefix,
    KAFKA_TOPIC_PARTITIONS: '2',
    KAFKA_GROUP_ID: `${names.groupPrefix}validator`,
    REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: names.redisPrefix,
    VALIDATOR_SERVICE_TOKEN: serviceToken,
    REGISTRY_GRPC_URL: registry.url,
    REGISTRY_TIMEOUT_MS: '2000',
    OUTBOUND_ALLOWLIST: '127.0.0.1:*',
    VALIDATOR_CONCURRENCY: '8',
    VALIDATOR_ATTEMPTS: '4',
    VALIDATOR_BACKOFF_MS: '50',
    VALIDATOR_BACKOFF_MAX_MS: '3000',
    VALIDATOR_PROBE_TIMEOUT_MS: '1000',
    VALIDATOR_CONNECT_TIMEOUT_MS: '1000',
    VALIDATOR_LOCK_DURATION_MS: '2000',
    VALIDATOR_STALLED_INTERVAL_MS: '500',
    VALIDATOR_HEALTH_INTERVAL_SECONDS: '0',
    ...overrides,
  };
}

export function newServiceToken(): string {
  return `test-service-token-${randomBytes(8).toString('hex')}`;
}

/** The validator in this process, as main.ts builds it (minus the HTTP listener): its workers and consumer run. */
export async function startValidatorInProcess(env: Record<string, string>): Promise<INestApplicationContext> {
  const config = loadConfig(ValidatorConfig, env);
  const logger = createLogger({ service: 'validator-test', level: config.LOG_LEVEL });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, logger), { logger: false });
  await app.init();
  return app;
}

/** The built validator (`dist/apps/validator`) as a real process, for tests that kill it. */
export async function startValidatorProcess(env: Record<string, string>): Promise<ChildProcess> {
  const entry = join(WORKSPACE_ROOT, 'dist/apps/validator/src/main.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: build first (npx nx run validator:build)`);
  const port = await freePort();
  const child = spawn(process.execPath, [entry], { env: { PATH: process.env['PATH'] ?? '', ...env, VALIDATOR_PORT: String(port), VALIDATOR_INTERNAL_PORT: '0' }, stdio: ['ignore', 'ignore', 'inherit'] });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`validator process exited with ${child.exitCode}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (response.ok) return child;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  child.kill('SIGKILL');
  throw new Error('validator process not ready within 30 s');
}

/** Publishes model events as the registry's outbox relay does, and collects what the validator publishes. */
export class KafkaTestClient {
  readonly received: Array<{ key: string | undefined; event: EventEnvelope }> = [];
  private readonly kafka: Kafka;
  private producer: Producer | undefined;
  private consumer: Consumer | undefined;
  private readonly listeners: Array<(event: EventEnvelope) => void> = [];

  constructor(private readonly names: SuiteNames) {
    this.kafka = new Kafka({ clientId: 'validator-test', brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','), logLevel: logLevel.NOTHING });
  }

  onEvent(listener: (event: EventEnvelope) => void): void {
    this.listeners.push(listener);
  }

  /** Subscribes to the validation topic (which the validator creates at boot). */
  async listen(): Promise<void> {
    this.producer = this.kafka.producer({ allowAutoTopicCreation: false });
    await this.producer.connect();
    this.consumer = this.kafka.consumer({ groupId: `${this.names.groupPrefix}collector-${randomUUID()}`, sessionTimeout: 6_000, heartbeatInterval: 1_000 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.names.validationTopic, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        const parsed = parseEnvelope(message.value);
        if (!parsed.ok) return;
        this.received.push({ key: message.key?.toString(), event: parsed.event });
        for (const listener of this.listeners) listener(parsed.event);
      },
    });
  }

  async publish(type: EventType, data: ModelChangedData, id: string = randomUUID()): Promise<string> {
    const event = createEnvelope(type, '/model-garden/registry', data.modelId, data, { id });
    await this.producer!.send({ topic: this.names.modelsTopic, messages: [{ key: data.modelId, value: JSON.stringify(event) }] });
    return id;
  }

  eventsFor(modelId: string, type: EventType = EVENT_TYPES.modelValidated): EventEnvelope[] {
    return this.received.filter((r) => r.event.subject === modelId && r.event.type === type).map((r) => r.event);
  }

  async close(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
  }
}

/** A read-only view of the validation queue, to check jobs by id and state. */
export function validationQueue(names: SuiteNames): { queue: Queue; close: () => Promise<void> } {
  const redis = createRedis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
  const queue = new Queue(QUEUES.validation, { connection: redis, prefix: names.redisPrefix });
  return {
    queue,
    close: async () => {
      await queue.close();
      redis.disconnect();
    },
  };
}
