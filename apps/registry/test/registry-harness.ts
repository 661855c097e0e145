import { createEnvelope, type CreateWorkspaceResponse, type EventEnvelope, EVENT_TYPES, type ModelValidatedData, prefixedTopic, type TopicName } from '@model-garden/contracts';
import { createLogger, internalUrlOf, loadConfig, RegistryGrpcClient, type RegistryGrpcClientTls, SecretCipher } from '@model-garden/platform';
import { freePort, waitFor } from '@model-garden/testing';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type Consumer, Kafka, logLevel, type Producer } from 'kafkajs';
import { Pool } from 'pg';
import { RegistryConfig } from '../src/config/registry.config';
import { runMigrations } from '../src/database/data-source';
import { RegistryKafka } from '../src/infrastructure/kafka.provider';
import { createRegistryApp } from '../src/registry-app';

// The shared helper, where this app's tests have always found it.
export { freePort } from '@model-garden/testing';

/**
 * One real registry per test file: its own schema in the run's database, its own
 * topic prefix and consumer group, real PostgreSQL and Kafka, HTTP on a free port
 * and gRPC on another. Nothing is mocked.
 */
export const ADMIN_TOKEN = 'test-admin-token-0123456789';
/** Each platform service's own gRPC token (service-access.ts says what each may call). */
export const GATEWAY_TOKEN = 'test-gateway-token-0123456789';
export const VALIDATOR_TOKEN = 'test-validator-token-0123456789';
export const EXPERIMENT_WORKER_TOKEN = 'test-experiment-worker-token-0123456789';
export const KEY_1 = 'k1:' + Buffer.alloc(32, 1).toString('base64');
export const KEY_2 = 'k2:' + Buffer.alloc(32, 2).toString('base64');

export interface HttpResult<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  /** Ask the internal listener (metrics, detailed readiness) instead of the public port. */
  internal?: boolean;
}

export class RegistryHarness {
  readonly db: Pool;
  private grpcClients: RegistryGrpcClient[] = [];

  constructor(
    readonly app: NestFastifyApplication,
    readonly config: RegistryConfig,
    readonly url: string,
    readonly grpcUrl: string,
    readonly internalUrl: string,
  ) {
    this.db = new Pool({ connectionString: config.DATABASE_URL, max: 3, options: `-c search_path=${config.DATABASE_SCHEMA}` });
  }

  topic(name: TopicName): string {
    return prefixedTopic(this.config.KAFKA_TOPIC_PREFIX, name);
  }

  async request<T = Record<string, unknown>>(method: string, path: string, options: RequestOptions = {}): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers['authorization'] = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${options.internal === true ? this.internalUrl : this.url}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, body: parsed as T, headers: response.headers, text };
  }

  async createWorkspace(slug: string): Promise<CreateWorkspaceResponse> {
    const result = await this.request<CreateWorkspaceResponse>('POST', '/v1/workspaces', { token: ADMIN_TOKEN, body: { slug, name: `Workspace ${slug}` } });
    if (result.status !== 201) throw new Error(`workspace ${slug}: ${result.status} ${result.text}`);
    return result.body;
  }

  /** A gRPC client presenting `serviceToken` (the gateway's by default), over TLS with `tls`, to `url` (this registry's by default). */
  grpc(serviceToken = GATEWAY_TOKEN, tls?: RegistryGrpcClientTls, url = this.grpcUrl): RegistryGrpcClient {
    const client = new RegistryGrpcClient({ url, serviceToken, ...(tls ? { tls } : {}) });
    this.grpcClients.push(client);
    return client;
  }

  async close(): Promise<void> {
    for (const client of this.grpcClients) client.close();
    await this.app.close();
    await this.db.end();
  }
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run integration tests with -c tools/jest/integration.config.js`);
  return value;
}

/** Schema, topic prefix and group id for one test file (or one registry instance in it). */
export function namesFor(name: string): { schema: string; topicPrefix: string; groupId: string } {
  return {
    schema: `reg_${name.replace(/[^a-z0-9_]/g, '_')}`,
    topicPrefix: `${process.env['KAFKA_TOPIC_PREFIX'] ?? ''}${name}.`,
    groupId: `${process.env['KAFKA_GROUP_PREFIX'] ?? 'it-'}${name}-registry`,
  };
}

export async function startRegistry(name: string, overrides: Record<string, string> = {}): Promise<RegistryHarness> {
  const names = namesFor(name);
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env['MG_TEST_LOG_LEVEL'] ?? 'fatal',
    DATABASE_URL: required('DATABASE_URL'),
    DATABASE_SCHEMA: names.schema,
    KAFKA_BROKERS: required('KAFKA_BROKERS'),
    KAFKA_TOPIC_PREFIX: names.topicPrefix,
    KAFKA_TOPIC_PARTITIONS: '3',
    KAFKA_GROUP_ID: names.groupId,
    REDIS_URL: required('REDIS_URL'),
    ADMIN_TOKEN,
    GATEWAY_SERVICE_TOKEN: GATEWAY_TOKEN,
    VALIDATOR_SERVICE_TOKEN: VALIDATOR_TOKEN,
    EXPERIMENT_WORKER_SERVICE_TOKEN: EXPERIMENT_WORKER_TOKEN,
    ENCRYPTION_KEYS: KEY_1,
    REGISTRY_HOST: '127.0.0.1',
    REGISTRY_PORT: '0',
    REGISTRY_INTERNAL_PORT: '0',
    REGISTRY_GRPC_BIND: `127.0.0.1:${await freePort()}`,
    OUTBOUND_ALLOWLIST: '127.0.0.1:*',
    SHUTDOWN_TIMEOUT_SECONDS: '10',
    ...overrides,
  };
  const config = loadConfig(RegistryConfig, env);
  // A fresh schema per file, unless the caller joins an existing one (a second replica).
  if (!overrides['DATABASE_SCHEMA']) await dropSchema(config.DATABASE_URL, config.DATABASE_SCHEMA);
  await runMigrations(config.DATABASE_URL, config.DATABASE_SCHEMA, { cipher: SecretCipher.fromEnv(config.ENCRYPTION_KEYS, config.ENCRYPTION_ACTIVE_KEY_ID) });
  const logger = createLogger({ service: `registry-test-${name}`, level: config.LOG_LEVEL });
  const app = await createRegistryApp(config, logger);
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return new RegistryHarness(app, config, url, config.REGISTRY_GRPC_BIND, internalUrlOf(app)!);
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await pool.end();
  }
}

/** Waits until the registry created its topics (so test consumers can subscribe). */
export async function topicsReady(harness: RegistryHarness): Promise<void> {
  await harness.app.get(RegistryKafka).topicsReady;
}

/** A test-side Kafka client: a consumer that records every envelope on some topics, and a producer. */
export class KafkaTap {
  readonly events: EventEnvelope[] = [];
  private readonly kafka: Kafka;
  private consumer: Consumer | undefined;
  private producer: Producer | undefined;

  constructor(private readonly id: string) {
    this.kafka = new Kafka({ clientId: `test-${id}`, brokers: required('KAFKA_BROKERS').split(','), logLevel: logLevel.NOTHING });
  }

  async listen(topics: string[]): Promise<void> {
    this.consumer = this.kafka.consumer({ groupId: `${process.env['KAFKA_GROUP_PREFIX'] ?? 'it-'}${this.id}-tap`, sessionTimeout: 6_000, heartbeatInterval: 500, maxWaitTimeInMs: 100 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        if (message.value) this.events.push(JSON.parse(message.value.toString('utf8')) as EventEnvelope);
      },
    });
  }

  async produce(topic: string, events: EventEnvelope[]): Promise<void> {
    if (!this.producer) {
      this.producer = this.kafka.producer({ allowAutoTopicCreation: false });
      await this.producer.connect();
    }
    await this.producer.send({ topic, acks: -1, messages: events.map((e) => ({ key: e.subject, value: JSON.stringify(e) })) });
  }

  /** The events matching `predicate`, once there are at least `count` of them. */
  async waitFor(predicate: (event: EventEnvelope) => boolean, count = 1, timeoutMs = 20_000): Promise<EventEnvelope[]> {
    return eventually(() => {
      const found = this.events.filter(predicate);
      return found.length >= count ? found : undefined;
    }, timeoutMs);
  }

  async close(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
  }
}

/** Polls `probe` every 25 ms until it returns something other than undefined (or false). */
export function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  return waitFor(what, probe, timeoutMs, 25);
}

/** A ModelValidated envelope as the validator publishes it. */
export function modelValidated(
  model: { id: string; workspaceId: string },
  revision: number,
  status: 'active' | 'failed',
  options: { time?: Date; id?: string; message?: string } = {},
): EventEnvelope<typeof EVENT_TYPES.modelValidated, ModelValidatedData> {
  const time = options.time ?? new Date();
  const checks: ModelValidatedData['checks'] =
    status === 'active'
      ? [
          { name: 'connectivity', status: 'pass', latencyMs: 3, code: 'ok', message: 'Connected.' },
          { name: 'chat', status: 'pass', latencyMs: 40, httpStatus: 200, code: 'ok', message: 'The model answered.' },
        ]
      : [{ name: 'authentication', status: 'fail', latencyMs: 12, httpStatus: 401, code: 'provider_credential_invalid', message: options.message ?? 'The provider refused the API key (401).' }];
  return createEnvelope(
    EVENT_TYPES.modelValidated,
    '/model-garden/validator',
    model.id,
    {
      modelId: model.id,
      workspaceId: model.workspaceId,
      revision,
      status,
      checks,
      capabilities: status === 'active' ? { chat: true, streaming: true } : {},
      validatedAt: time.toISOString(),
      attempts: 1,
    },
    { time, ...(options.id ? { id: options.id } : {}) },
  );
}
