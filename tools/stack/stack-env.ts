import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { databaseUrlFor, PidFiles } from '@model-garden/testing';
import { otelVariables, type PlatformService, replicaCount, replicaName, type ReplicaPorts, replicaPorts, replicaUrl, serviceUrl, type StackSettings, WORKSPACE_ROOT } from './stack';

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

/** The most replicas `npm run up -- --replicas=N` starts (the port plan below has room for 8). */
export const MAX_REPLICAS = 8;
/** Replica k (1-based) of a platform service listens on replica 1's ports plus 10 × (k − 1): gateway-2 on 3012, its internal port 9312. */
export const REPLICA_PORT_STEP = 10;
/** nginx's entries, with 2 or more replicas: replica 1's registry and gateway ports plus 80 (3080 and 3082), or REGISTRY_ENTRY_PORT / GATEWAY_ENTRY_PORT. */
export const ENTRY_PORT_OFFSET = 80;

export const UP_USAGE = `npm run up [-- --replicas=N]

  --replicas=N   processes of each platform service (registry, validator, gateway, experiment worker), 1 to ${MAX_REPLICAS} (default 1).
                 With 2 or more, nginx is the single entry to the registries (port 3080) and to the gateways (port 3082)
                 (REGISTRY_ENTRY_PORT, GATEWAY_ENTRY_PORT); replica k listens on replica 1's ports plus ${REPLICA_PORT_STEP} × (k − 1).
                 Running it again with a smaller N stops the extra replicas (and nginx at N=1).
  --help
`;

export interface UpArguments {
  replicas: number;
  help: boolean;
}

/** Parses `npm run up -- [arguments]`; throws with the argument, what it takes and the usage. */
export function parseUpArguments(argv: readonly string[]): UpArguments {
  const parsed: UpArguments = { replicas: 1, help: false };
  for (const arg of argv) {
    const replicas = /^--replicas=(.*)$/.exec(arg);
    if (replicas) {
      const value = replicas[1]!;
      if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_REPLICAS) throw new Error(`--replicas must be a whole number from 1 to ${MAX_REPLICAS}, got '${value}'\n\n${UP_USAGE}`);
      parsed.replicas = Number(value);
    } else if (arg === '--replicas') {
      throw new Error(`--replicas needs its value after '=' (--replicas=2)\n\n${UP_USAGE}`);
    } else if (arg === '--help' || arg === '-h') {
      parsed.help = true;
    } else {
      throw new Error(`unknown argument '${arg}'\n\n${UP_USAGE}`);
    }
  }
  return parsed;
}

/** Replica `replica`'s ports (0-based): the first replica's shifted by REPLICA_PORT_STEP per replica. */
export function shiftedReplicaPorts(first: ReplicaPorts, replica: number): ReplicaPorts {
  const shift = REPLICA_PORT_STEP * replica;
  return {
    registry: first.registry + shift,
    registryGrpc: first.registryGrpc + shift,
    registryInternal: first.registryInternal + shift,
    validator: first.validator + shift,
    validatorInternal: first.validatorInternal + shift,
    gateway: first.gateway + shift,
    gatewayInternal: first.gatewayInternal + shift,
    experimentWorker: first.experimentWorker + shift,
    experimentWorkerInternal: first.experimentWorkerInternal + shift,
  };
}

/**
 * The local stack's settings, with `replicas` processes of each platform service.
 * Secrets are generated once and kept in stack.env so that running `npm run up` again
 * reuses them (and the data encrypted with them). Every port is fixed (defaults or
 * the *_PORT variables), so a second run finds the processes of the first where it
 * expects them.
 */
export function localStackSettings(previous: Record<string, string>, replicas = 1): StackSettings {
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > MAX_REPLICAS) throw new Error(`replicas must be a whole number from 1 to ${MAX_REPLICAS}, got ${replicas}`);
  const secret = (name: string, make: () => string): string => process.env[name] ?? previous[name] ?? make();
  const adminDatabaseUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
  const databaseUrl = previous['DATABASE_URL'] ?? databaseUrlFor(adminDatabaseUrl, 'model_garden');
  const port = (name: string, fallback: number): number => {
    const raw = process.env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 65535) throw new Error(`${name} must be a TCP port (1 to 65535), got '${raw}'`);
    return Number(raw);
  };
  const ports = {
    registry: port('REGISTRY_PORT', 3000),
    registryGrpc: port('REGISTRY_GRPC_PORT', 50051),
    validator: port('VALIDATOR_PORT', 3001),
    gateway: port('GATEWAY_PORT', 3002),
    mockProvider: port('MOCK_PROVIDER_PORT', 3003),
    experimentWorker: port('EXPERIMENT_WORKER_PORT', 3004),
    registryInternal: port('REGISTRY_INTERNAL_PORT', 9300),
    validatorInternal: port('VALIDATOR_INTERNAL_PORT', 9301),
    gatewayInternal: port('GATEWAY_INTERNAL_PORT', 9302),
    experimentWorkerInternal: port('EXPERIMENT_WORKER_INTERNAL_PORT', 9304),
  };
  const scaled =
    replicas > 1
      ? {
          extraReplicas: Array.from({ length: replicas - 1 }, (_, i) => shiftedReplicaPorts(ports, i + 1)),
          entries: { registry: port('REGISTRY_ENTRY_PORT', ports.registry + ENTRY_PORT_OFFSET), gateway: port('GATEWAY_ENTRY_PORT', ports.gateway + ENTRY_PORT_OFFSET) },
        }
      : {};
  const settings: StackSettings = {
    host: '127.0.0.1',
    ports,
    ...scaled,
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
  assertDistinctPorts(portPlan(settings));
  return settings;
}

/**
 * What `npm run up` writes to stack.env (the demo data is added to it): where clients
 * reach each service (nginx's entries for the registries and the gateways when there
 * are several replicas), every replica's own URL, the secrets and the infrastructure.
 */
export function stackEnvEntries(s: StackSettings): Record<string, string> {
  const everyUrl = (service: PlatformService): string => Array.from({ length: replicaCount(s) }, (_, replica) => replicaUrl(service, s, replica)).join(',');
  return {
    STACK_REPLICAS: String(replicaCount(s)),
    REGISTRY_URL: serviceUrl('registry', s),
    GATEWAY_URL: serviceUrl('gateway', s),
    VALIDATOR_URL: serviceUrl('validator', s),
    EXPERIMENT_WORKER_URL: serviceUrl('experiment-worker', s),
    // Every replica's own URL (a single one with one replica), bypassing nginx.
    REGISTRY_URLS: everyUrl('registry'),
    GATEWAY_URLS: everyUrl('gateway'),
    VALIDATOR_URLS: everyUrl('validator'),
    EXPERIMENT_WORKER_URLS: everyUrl('experiment-worker'),
    MOCK_PROVIDER_URL: serviceUrl('mock-provider', s),
    MOCK_PROVIDER_API_KEY: s.mockProviderApiKey,
    ADMIN_TOKEN: s.adminToken,
    VALIDATOR_SERVICE_TOKEN: s.serviceTokens.validator,
    GATEWAY_SERVICE_TOKEN: s.serviceTokens.gateway,
    EXPERIMENT_WORKER_SERVICE_TOKEN: s.serviceTokens.experimentWorker,
    ENCRYPTION_KEYS: s.encryptionKeys,
    DATABASE_URL: s.databaseUrl,
    REDIS_URL: s.redisUrl,
    KAFKA_BROKERS: s.kafkaBrokers,
  };
}

/** One fixed port of the local stack: the process that listens on it and the variable that moves it. */
export interface PlannedPort {
  process: string;
  port: number;
  variable: string;
}

const REPLICA_PORT_VARIABLES: Record<PlatformService, Array<[keyof ReplicaPorts, string]>> = {
  registry: [
    ['registry', 'REGISTRY_PORT'],
    ['registryGrpc', 'REGISTRY_GRPC_PORT'],
    ['registryInternal', 'REGISTRY_INTERNAL_PORT'],
  ],
  validator: [
    ['validator', 'VALIDATOR_PORT'],
    ['validatorInternal', 'VALIDATOR_INTERNAL_PORT'],
  ],
  gateway: [
    ['gateway', 'GATEWAY_PORT'],
    ['gatewayInternal', 'GATEWAY_INTERNAL_PORT'],
  ],
  'experiment-worker': [
    ['experimentWorker', 'EXPERIMENT_WORKER_PORT'],
    ['experimentWorkerInternal', 'EXPERIMENT_WORKER_INTERNAL_PORT'],
  ],
};

/**
 * Every port the local stack listens on, by process (`gateway-2`, `nginx`): what
 * `npm run up` checks is free before it starts a process. A replica's ports move
 * with the first replica's variable.
 */
export function portPlan(s: StackSettings): PlannedPort[] {
  const plan: PlannedPort[] = [{ process: 'mock-provider', port: s.ports.mockProvider, variable: 'MOCK_PROVIDER_PORT' }];
  for (let replica = 0; replica < replicaCount(s); replica++) {
    const ports = replicaPorts(s, replica);
    for (const [service, variables] of Object.entries(REPLICA_PORT_VARIABLES) as Array<[PlatformService, Array<[keyof ReplicaPorts, string]>]>) {
      for (const [key, variable] of variables) plan.push({ process: replicaName(service, replica), port: ports[key], variable });
    }
  }
  if (s.entries) {
    plan.push({ process: 'nginx', port: s.entries.registry, variable: 'REGISTRY_ENTRY_PORT' }, { process: 'nginx', port: s.entries.gateway, variable: 'GATEWAY_ENTRY_PORT' });
  }
  return plan;
}

/** Throws when two processes of the plan would share a port (the *_PORT variables set so that replicas overlap). */
export function assertDistinctPorts(plan: readonly PlannedPort[]): void {
  const seen = new Map<number, PlannedPort>();
  for (const p of plan) {
    const other = seen.get(p.port);
    if (other) {
      throw new Error(
        `port ${p.port} would be both ${other.process}'s (${other.variable}) and ${p.process}'s (${p.variable}): move one of the two variables (replica k listens on replica 1's ports plus ${REPLICA_PORT_STEP} × (k − 1))`,
      );
    }
    seen.set(p.port, p);
  }
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
