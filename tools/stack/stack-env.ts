import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { databaseUrlFor, PidFiles } from '@model-garden/testing';
import { otelVariables, type StackSettings, WORKSPACE_ROOT } from './stack';

/** `.local/` (or MG_LOCAL_DIR): logs, pids, Kafka data and stack.env of the local stack. */
export const LOCAL_DIR = process.env['MG_LOCAL_DIR'] ? join(WORKSPACE_ROOT, process.env['MG_LOCAL_DIR']) : join(WORKSPACE_ROOT, '.local');
export const STACK_ENV_FILE = join(LOCAL_DIR, 'stack.env');
/** `.local/pids/<service>.pid` of the services `npm run up` started (scripts/kafka.sh keeps kafka.pid there too). */
export const STACK_PIDS = new PidFiles(join(LOCAL_DIR, 'pids'));

export function readEnvFile(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const entries: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) entries[match[1]!] = match[2]!.replace(/^'(.*)'$/, '$1');
  }
  return entries;
}

export function writeEnvFile(file: string, entries: Record<string, string>): void {
  mkdirSync(dirname(file), { recursive: true });
  const body = Object.entries(entries)
    .map(([key, value]) => `${key}='${value}'`)
    .join('\n');
  writeFileSync(file, `# Written by npm run up; source it with: set -a; . ${file}; set +a\n${body}\n`, { mode: 0o600 });
}

/**
 * The local stack's settings. Secrets are generated once and kept in stack.env so
 * that running `npm run up` again reuses them (and the data encrypted with them).
 */
export function localStackSettings(previous: Record<string, string>): StackSettings {
  const secret = (name: string, make: () => string): string => process.env[name] ?? previous[name] ?? make();
  const adminDatabaseUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
  const databaseUrl = previous['DATABASE_URL'] ?? databaseUrlFor(adminDatabaseUrl, 'model_garden');
  return {
    host: '127.0.0.1',
    ports: {
      registry: Number(process.env['REGISTRY_PORT'] ?? 3000),
      registryGrpc: Number(process.env['REGISTRY_GRPC_PORT'] ?? 50051),
      validator: Number(process.env['VALIDATOR_PORT'] ?? 3001),
      gateway: Number(process.env['GATEWAY_PORT'] ?? 3002),
      mockProvider: Number(process.env['MOCK_PROVIDER_PORT'] ?? 3003),
      experimentWorker: Number(process.env['EXPERIMENT_WORKER_PORT'] ?? 3004),
      registryInternal: Number(process.env['REGISTRY_INTERNAL_PORT'] ?? 9300),
      validatorInternal: Number(process.env['VALIDATOR_INTERNAL_PORT'] ?? 9301),
      gatewayInternal: Number(process.env['GATEWAY_INTERNAL_PORT'] ?? 9302),
      experimentWorkerInternal: Number(process.env['EXPERIMENT_WORKER_INTERNAL_PORT'] ?? 9304),
    },
    databaseUrl,
    databaseSchema: 'public',
    redisUrl: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    redisPrefix: 'mg',
    kafkaBrokers: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
    kafkaTopicPrefix: '',
    kafkaGroupPrefix: 'model-garden-',
    adminToken: secret('ADMIN_TOKEN', () => `mg-admin-${randomBytes(18).toString('base64url')}`),
    serviceTokens: {
      validator: secret('VALIDATOR_SERVICE_TOKEN', () => `mg-svc-validator-${randomBytes(18).toString('base64url')}`),
      gateway: secret('GATEWAY_SERVICE_TOKEN', () => `mg-svc-gateway-${randomBytes(18).toString('base64url')}`),
      experimentWorker: secret('EXPERIMENT_WORKER_SERVICE_TOKEN', () => `mg-svc-experiment-worker-${randomBytes(18).toString('base64url')}`),
    },
    encryptionKeys: secret('ENCRYPTION_KEYS', () => `k1:${randomBytes(32).toString('base64')}`),
    mockProviderApiKey: secret('MOCK_PROVIDER_API_KEY', () => `mock-${randomBytes(12).toString('hex')}`),
    outboundAllowlist: '127.0.0.1:*,localhost:*',
    logLevel: process.env['LOG_LEVEL'] ?? 'info',
    nodeEnv: 'development',
    logDir: join(LOCAL_DIR, 'logs'),
    stateDir: join(LOCAL_DIR, 'state'),
    // OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 npm run up: every service exports its traces there.
    otel: otelVariables(process.env),
  };
}

/**
 * What to do when the migrations cannot decrypt a provider key: a second checkout on the
 * same machine finds the first one's database, encrypted with the first one's
 * ENCRYPTION_KEYS. Other messages come back as they are.
 */
export function withEncryptionKeyHint(message: string, databaseUrl: string): string {
  if (!message.includes('cannot be decrypted')) return message;
  const database = new URL(databaseUrl).pathname.slice(1);
  return (
    `${message}\n` +
    `The database "${database}" holds provider keys encrypted with other ENCRYPTION_KEYS than ${STACK_ENV_FILE} ` +
    `(another checkout's stack, or a stack.env that was deleted). Either copy that checkout's .local/stack.env here and run npm run up again, ` +
    `or start from an empty database, losing its models and keys: dropdb -h 127.0.0.1 -U postgres ${database} && npm run up`
  );
}
