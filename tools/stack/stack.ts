import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type PidFiles } from '../../libs/testing/src/pid-files';
import { launchProcess } from '../../libs/testing/src/process-launcher';
import { workspaceRoot } from '../../libs/testing/src/workspace-root';

import { freePort } from '../../libs/testing/src/free-port';

// Jest's global setups load this file by path (no @model-garden/* aliases there).
export { freePort };

/**
 * Starts the five processes of Model Garden from the build output with one set of
 * settings. `npm run up` uses it with detached processes and pid files; the e2e
 * tier uses it with attached processes on free ports for one test run.
 */
export const WORKSPACE_ROOT = workspaceRoot(__dirname);

export const SERVICES = ['mock-provider', 'registry', 'validator', 'gateway', 'experiment-worker'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** The internal listeners (metrics, detailed readiness) of the platform services. */
export interface InternalPorts {
  registryInternal: number;
  validatorInternal: number;
  gatewayInternal: number;
  experimentWorkerInternal: number;
}

export type PlatformService = Exclude<ServiceName, 'mock-provider'>;

/** The ports of one replica of every platform service (public, gRPC and internal listeners). */
export interface ReplicaPorts extends InternalPorts {
  registry: number;
  registryGrpc: number;
  validator: number;
  gateway: number;
  experimentWorker: number;
}

export interface StackSettings {
  host: string;
  /** The mock provider's port and the first replica's ports. */
  ports: ReplicaPorts & { mockProvider: number };
  /**
   * Replicas 2..N of every platform service (scale-out, `npm run up -- --replicas=N`);
   * absent or empty: one process of each, as before.
   */
  extraReplicas?: ReplicaPorts[];
  /**
   * With several replicas, nginx listens here in front of the registries and of the
   * gateways, and these are the single entries (`serviceUrl`); every replica still has
   * its own URL (`replicaUrl`).
   */
  entries?: { registry: number; gateway: number };
  databaseUrl: string;
  databaseSchema: string;
  redisUrl: string;
  redisPrefix: string;
  kafkaBrokers: string;
  kafkaTopicPrefix: string;
  kafkaGroupPrefix: string;
  adminToken: string;
  /** Each platform service's own token on the registry's gRPC API (service-access.ts). */
  serviceTokens: { validator: string; gateway: string; experimentWorker: string };
  encryptionKeys: string;
  mockProviderApiKey: string;
  outboundAllowlist: string;
  logLevel: string;
  nodeEnv: 'development' | 'test' | 'production';
  logDir: string;
  /**
   * Where the processes keep local state that must outlive a restart (each gateway's usage
   * journal, `usageJournalDir`); default `<logDir>/state`.
   */
  stateDir?: string;
  /** Extra variables per service (e.g. short probe timeouts for a test run). */
  overrides?: Partial<Record<ServiceName, Record<string, string>>>;
  /** OpenTelemetry variables given to every platform service (`npm run up` passes the launcher's own: see `otelVariables`). */
  otel?: Record<string, string>;
}

/**
 * The launcher's `OTEL_*` variables (endpoint, sampler, resource attributes, headers, ...)
 * for every platform service. `OTEL_SERVICE_NAME` is left out: each service names itself.
 */
export function otelVariables(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (name.startsWith('OTEL_') && name !== 'OTEL_SERVICE_NAME' && value !== undefined) out[name] = value;
  return out;
}

/**
 * The address nginx connects to the replicas from, and the only one the gateways trust
 * for X-Forwarded-For: on the loopback, 127.0.0.2, so that a local client calling a
 * replica directly (from 127.0.0.1) cannot name its own client address.
 */
export function loadBalancerSource(s: StackSettings): string {
  return s.host === '127.0.0.1' ? '127.0.0.2' : s.host;
}

/** How many processes of each platform service the stack runs (1 unless scaled out). */
export function replicaCount(s: StackSettings): number {
  return 1 + (s.extraReplicas?.length ?? 0);
}

/** The ports of replica `replica` (0-based; 0 is `s.ports`). */
export function replicaPorts(s: StackSettings, replica: number): ReplicaPorts {
  const ports = replica === 0 ? s.ports : s.extraReplicas?.[replica - 1];
  if (!ports) throw new Error(`the stack has ${replicaCount(s)} replica(s); there is no replica ${replica + 1}`);
  return ports;
}

/** A replica's name in logs, pid files and messages: `gateway` for the first, `gateway-2` for the second, ... */
export function replicaName(service: ServiceName, replica = 0): string {
  return replica === 0 ? service : `${service}-${replica + 1}`;
}

/** Free ports for one more replica of every platform service. */
export async function freeReplicaPorts(): Promise<ReplicaPorts> {
  return { registry: await freePort(), registryGrpc: await freePort(), validator: await freePort(), gateway: await freePort(), experimentWorker: await freePort(), ...(await freeInternalPorts()) };
}

/**
 * What a throw-away stack of a test run needs besides its names and infrastructure: free
 * ports for one replica of everything and the mock provider, and fresh secrets
 * (`label` marks the tokens so a log line shows which run made them).
 */
export async function freshStackBasics(label: string): Promise<Pick<StackSettings, 'ports' | 'adminToken' | 'serviceTokens' | 'encryptionKeys' | 'mockProviderApiKey'>> {
  const token = (name: string): string => `${label}-${name}-${randomBytes(12).toString('hex')}`;
  return {
    ports: { ...(await freeReplicaPorts()), mockProvider: await freePort() },
    adminToken: token('admin'),
    serviceTokens: { validator: token('validator'), gateway: token('gateway'), experimentWorker: token('experiment-worker') },
    encryptionKeys: `k1:${randomBytes(32).toString('base64')}`,
    mockProviderApiKey: token('mock'),
  };
}

/** Every replica's registry gRPC address, as REGISTRY_GRPC_URL lists them (clients fail over between them). */
function registryGrpcTargets(s: StackSettings): string {
  return Array.from({ length: replicaCount(s) }, (_, i) => `${s.host}:${replicaPorts(s, i).registryGrpc}`).join(',');
}

/** Every service port (of every replica and entry) and the database: never upstreams, even on an allowlisted 127.0.0.1. */
function platformEndpoints(s: StackSettings): string {
  const database = new URL(s.databaseUrl);
  const ports = Array.from({ length: replicaCount(s) }, (_, i) => {
    const p = replicaPorts(s, i);
    return [p.registry, p.registryGrpc, p.registryInternal, p.validator, p.validatorInternal, p.gateway, p.gatewayInternal, p.experimentWorker, p.experimentWorkerInternal];
  }).flat();
  if (s.entries) ports.push(s.entries.registry, s.entries.gateway);
  return [...ports.map((port) => `${s.host}:${port}`), `${database.hostname}:${database.port || 5432}`].join(',');
}

/** The environment of each service (of replica `replica`, 0-based): the same variables docker-compose.yml sets. */
export function serviceEnvironment(service: ServiceName, s: StackSettings, replica = 0): Record<string, string> {
  return { ...baseEnvironment(service, s, replica), ...(service === 'mock-provider' ? {} : s.otel), ...s.overrides?.[service] };
}

function baseEnvironment(service: ServiceName, s: StackSettings, replica: number): Record<string, string> {
  const ports = replicaPorts(s, replica);
  const common = { NODE_ENV: s.nodeEnv, LOG_LEVEL: s.logLevel };
  const platform = {
    ...common,
    KAFKA_BROKERS: s.kafkaBrokers,
    KAFKA_TOPIC_PREFIX: s.kafkaTopicPrefix,
    REDIS_URL: s.redisUrl,
    REDIS_PREFIX: s.redisPrefix,
    OUTBOUND_ALLOWLIST: s.outboundAllowlist,
    OUTBOUND_PLATFORM_ENDPOINTS: platformEndpoints(s),
  };
  const registryGrpcUrl = registryGrpcTargets(s);
  switch (service) {
    case 'mock-provider':
      return { NODE_ENV: s.nodeEnv, MOCK_PROVIDER_HOST: s.host, MOCK_PROVIDER_PORT: String(s.ports.mockProvider), MOCK_PROVIDER_API_KEY: s.mockProviderApiKey };
    case 'registry':
      return {
        ...platform,
        REGISTRY_HOST: s.host,
        REGISTRY_PORT: String(ports.registry),
        REGISTRY_INTERNAL_HOST: s.host,
        REGISTRY_INTERNAL_PORT: String(ports.registryInternal),
        REGISTRY_GRPC_BIND: `${s.host}:${ports.registryGrpc}`,
        DATABASE_URL: s.databaseUrl,
        DATABASE_SCHEMA: s.databaseSchema,
        KAFKA_GROUP_ID: `${s.kafkaGroupPrefix}registry`,
        ADMIN_TOKEN: s.adminToken,
        ENCRYPTION_KEYS: s.encryptionKeys,
        VALIDATOR_SERVICE_TOKEN: s.serviceTokens.validator,
        GATEWAY_SERVICE_TOKEN: s.serviceTokens.gateway,
        EXPERIMENT_WORKER_SERVICE_TOKEN: s.serviceTokens.experimentWorker,
        GATEWAY_PUBLIC_URL: `${serviceUrl('gateway', s)}/v1`,
      };
    case 'validator':
      return {
        ...platform,
        VALIDATOR_HOST: s.host,
        VALIDATOR_PORT: String(ports.validator),
        VALIDATOR_INTERNAL_HOST: s.host,
        VALIDATOR_INTERNAL_PORT: String(ports.validatorInternal),
        REGISTRY_GRPC_URL: registryGrpcUrl,
        VALIDATOR_SERVICE_TOKEN: s.serviceTokens.validator,
        KAFKA_GROUP_ID: `${s.kafkaGroupPrefix}validator`,
      };
    case 'gateway':
      return {
        ...platform,
        GATEWAY_HOST: s.host,
        GATEWAY_PORT: String(ports.gateway),
        GATEWAY_INTERNAL_HOST: s.host,
        GATEWAY_INTERNAL_PORT: String(ports.gatewayInternal),
        REGISTRY_GRPC_URL: registryGrpcUrl,
        GATEWAY_SERVICE_TOKEN: s.serviceTokens.gateway,
        KAFKA_GROUP_ID: `${s.kafkaGroupPrefix}gateway`,
        GATEWAY_USAGE_JOURNAL_DIR: usageJournalDir(s, replica),
        // The studio (served by the registry) calls the gateway from its page: the deployment playground.
        GATEWAY_CORS_ORIGINS: serviceUrl('registry', s),
        // Behind nginx's entry every peer is nginx: its X-Forwarded-For names the client (the per-address limit on failed authentications).
        ...(s.entries ? { GATEWAY_TRUSTED_PROXIES: loadBalancerSource(s) } : {}),
      };
    case 'experiment-worker': {
      const { OUTBOUND_ALLOWLIST: _unused, ...rest } = platform;
      void _unused;
      return {
        ...rest,
        EXPERIMENT_WORKER_HOST: s.host,
        EXPERIMENT_WORKER_PORT: String(ports.experimentWorker),
        EXPERIMENT_WORKER_INTERNAL_HOST: s.host,
        EXPERIMENT_WORKER_INTERNAL_PORT: String(ports.experimentWorkerInternal),
        REGISTRY_GRPC_URL: registryGrpcUrl,
        EXPERIMENT_WORKER_SERVICE_TOKEN: s.serviceTokens.experimentWorker,
        GATEWAY_URL: serviceUrl('gateway', s),
        KAFKA_GROUP_ID: `${s.kafkaGroupPrefix}experiment-worker`,
      };
    }
  }
}

/** One gateway replica's usage journal: its own directory, the same one again when that replica restarts. */
export function usageJournalDir(s: StackSettings, replica = 0): string {
  return join(s.stateDir ?? join(s.logDir, 'state'), 'usage-journal', replicaName('gateway', replica));
}

/** Where clients reach a service: nginx's entry for the registries and the gateways when the stack has one, else the first replica. */
export function serviceUrl(service: ServiceName, s: StackSettings): string {
  if (s.entries && service === 'registry') return `http://${s.host}:${s.entries.registry}`;
  if (s.entries && service === 'gateway') return `http://${s.host}:${s.entries.gateway}`;
  return replicaUrl(service, s, 0);
}

/** One replica's own URL (0-based), bypassing any entry. */
export function replicaUrl(service: ServiceName, s: StackSettings, replica = 0): string {
  if (service === 'mock-provider') return `http://${s.host}:${s.ports.mockProvider}`;
  const p = replicaPorts(s, replica);
  const port = { registry: p.registry, validator: p.validator, gateway: p.gateway, 'experiment-worker': p.experimentWorker }[service];
  return `http://${s.host}:${port}`;
}

/** The internal listener of a platform service's replica: `/metrics` and the detailed `/health/ready`. */
export function internalUrl(service: PlatformService, s: StackSettings, replica = 0): string {
  const p = replicaPorts(s, replica);
  const port = { registry: p.registryInternal, validator: p.validatorInternal, gateway: p.gatewayInternal, 'experiment-worker': p.experimentWorkerInternal }[service];
  return `http://${s.host}:${port}`;
}

/** Free ports for the internal listeners (test runs). */
export async function freeInternalPorts(): Promise<InternalPorts> {
  return { registryInternal: await freePort(), validatorInternal: await freePort(), gatewayInternal: await freePort(), experimentWorkerInternal: await freePort() };
}

/** The endpoint that says a service's replica is ready to serve. */
export function readinessUrl(service: ServiceName, s: StackSettings, replica = 0): string {
  return `${replicaUrl(service, s, replica)}${service === 'mock-provider' ? '/health' : '/health/ready'}`;
}

/** Where a service's Node flags are defined: one line in `apps/<service>/src/node-flags`, copied into its build output. */
export function nodeFlagsFile(service: ServiceName, root: 'source' | 'build' = 'build'): string {
  return join(WORKSPACE_ROOT, root === 'build' ? 'dist/apps' : 'apps', service, 'src/node-flags');
}

/**
 * The Node flags a service runs with, from its built `node-flags` file: the one
 * definition that `npm run up`, the end-to-end stack, the benchmark's own gateway,
 * `nx serve` and the Dockerfile all read. The gateway's caps its heap (V8 otherwise
 * leaves promoted garbage uncollected and RSS passes the 150 MB target under load) and
 * leaves source maps off its hot path; see bench/README.md.
 */
export function nodeFlags(service: ServiceName, root: 'source' | 'build' = 'build'): string[] {
  const file = nodeFlagsFile(service, root);
  if (!existsSync(file)) throw new Error(`${file} is missing: run the build first (npx nx run-many -t build)`);
  return readFileSync(file, 'utf8').split(/\s+/).filter((flag) => flag !== '');
}

export function entryPoint(service: ServiceName): string {
  return join(WORKSPACE_ROOT, 'dist/apps', service, 'src/main.js');
}

export function logFile(service: ServiceName, s: StackSettings, replica = 0): string {
  return join(s.logDir, `${replicaName(service, replica)}.log`);
}

/**
 * How one service's replica is started: command, flags, environment and log (tests
 * that start one more process of a running stack reuse it).
 */
export function serviceLaunch(service: ServiceName, s: StackSettings, replica = 0): { name: string; command: string; args: string[]; cwd: string; env: Record<string, string>; logFile: string } {
  const entry = entryPoint(service);
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run the build first (npx nx run-many -t build)`);
  return {
    name: replicaName(service, replica),
    command: process.execPath,
    args: [...nodeFlags(service), entry],
    cwd: WORKSPACE_ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...serviceEnvironment(service, s, replica) },
    logFile: logFile(service, s, replica),
  };
}

/**
 * Starts one service's replica (`options.replica`, 0-based, default the first) with its log appended to
 * `<logDir>/<replica name>.log` (and its pid recorded as `<replica name>.pid` when `pidFiles` is given).
 */
export function spawnService(service: ServiceName, s: StackSettings, options: { detached: boolean; pidFiles?: PidFiles; replica?: number }): ChildProcess & { pid: number } {
  return launchProcess({ ...serviceLaunch(service, s, options.replica ?? 0), detached: options.detached, ...(options.pidFiles ? { pidFiles: options.pidFiles } : {}) });
}

/** Polls a replica's readiness URL; fails early with the log's tail when the process exits. */
export async function waitUntilReady(service: ServiceName, s: StackSettings, timeoutMs: number, child?: ChildProcess, replica = 0): Promise<void> {
  const url = readinessUrl(service, s, replica);
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      throw new Error(`${replicaName(service, replica)} exited with code ${child.exitCode} before it was ready:\n${logTail(service, s, 20, replica)}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${replicaName(service, replica)} was not ready at ${url} within ${timeoutMs} ms (last: ${last})\n${logTail(service, s, 20, replica)}`);
}

export function logTail(service: ServiceName, s: StackSettings, lines = 20, replica = 0): string {
  const file = logFile(service, s, replica);
  return existsSync(file) ? readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') : '(no log)';
}

/** Runs the registry's migrations with the stack's settings (the same CLI operators use). */
export async function migrate(s: StackSettings): Promise<void> {
  const entry = join(WORKSPACE_ROOT, 'dist/apps/registry/src/database/migrate.js');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [entry], {
      cwd: WORKSPACE_ROOT,
      env: { PATH: process.env['PATH'] ?? '', ...serviceEnvironment('registry', s) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`migrations failed (exit ${code}):\n${output}`))));
  });
}
