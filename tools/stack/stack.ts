import { type ChildProcess, spawn } from 'node:child_process';
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

export interface StackSettings {
  host: string;
  ports: { registry: number; registryGrpc: number; validator: number; gateway: number; mockProvider: number; experimentWorker: number } & InternalPorts;
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

/** Every service port and the database: never upstreams, even on an allowlisted 127.0.0.1. */
function platformEndpoints(s: StackSettings): string {
  const database = new URL(s.databaseUrl);
  const p = s.ports;
  const services = [p.registry, p.registryGrpc, p.registryInternal, p.validator, p.validatorInternal, p.gateway, p.gatewayInternal, p.experimentWorker, p.experimentWorkerInternal].map((port) => `${s.host}:${port}`);
  return [...services, `${database.hostname}:${database.port || 5432}`].join(',');
}

/** The environment of each service: the same variables docker-compose.yml sets. */
export function serviceEnvironment(service: ServiceName, s: StackSettings): Record<string, string> {
  return { ...baseEnvironment(service, s), ...(service === 'mock-provider' ? {} : s.otel), ...s.overrides?.[service] };
}

function baseEnvironment(service: ServiceName, s: StackSettings): Record<string, string> {
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
  const registryGrpcUrl = `${s.host}:${s.ports.registryGrpc}`;
  switch (service) {
    case 'mock-provider':
      return { NODE_ENV: s.nodeEnv, MOCK_PROVIDER_HOST: s.host, MOCK_PROVIDER_PORT: String(s.ports.mockProvider), MOCK_PROVIDER_API_KEY: s.mockProviderApiKey };
    case 'registry':
      return {
        ...platform,
        REGISTRY_HOST: s.host,
        REGISTRY_PORT: String(s.ports.registry),
        REGISTRY_INTERNAL_HOST: s.host,
        REGISTRY_INTERNAL_PORT: String(s.ports.registryInternal),
        REGISTRY_GRPC_BIND: registryGrpcUrl,
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
        VALIDATOR_PORT: String(s.ports.validator),
        VALIDATOR_INTERNAL_HOST: s.host,
        VALIDATOR_INTERNAL_PORT: String(s.ports.validatorInternal),
        REGISTRY_GRPC_URL: registryGrpcUrl,
        VALIDATOR_SERVICE_TOKEN: s.serviceTokens.validator,
        KAFKA_GROUP_ID: `${s.kafkaGroupPrefix}validator`,
      };
    case 'gateway':
      return {
        ...platform,
        GATEWAY_HOST: s.host,
        GATEWAY_PORT: String(s.ports.gateway),
        GATEWAY_INTERNAL_HOST: s.host,
        GATEWAY_INTERNAL_PORT: String(s.ports.gatewayInternal),
        REGISTRY_GRPC_URL: registryGrpcUrl,
        GATEWAY_SERVICE_TOKEN: s.serviceTokens.gateway,
        KAFKA_GROUP_ID: `${s.kafkaGroupPrefix}gateway`,
        // The studio (served by the registry) calls the gateway from its page: the deployment playground.
        GATEWAY_CORS_ORIGINS: serviceUrl('registry', s),
      };
    case 'experiment-worker': {
      const { OUTBOUND_ALLOWLIST: _unused, ...rest } = platform;
      void _unused;
      return {
        ...rest,
        EXPERIMENT_WORKER_HOST: s.host,
        EXPERIMENT_WORKER_PORT: String(s.ports.experimentWorker),
        EXPERIMENT_WORKER_INTERNAL_HOST: s.host,
        EXPERIMENT_WORKER_INTERNAL_PORT: String(s.ports.experimentWorkerInternal),
        REGISTRY_GRPC_URL: registryGrpcUrl,
        EXPERIMENT_WORKER_SERVICE_TOKEN: s.serviceTokens.experimentWorker,
        GATEWAY_URL: serviceUrl('gateway', s),
        KAFKA_GROUP_ID: `${s.kafkaGroupPrefix}experiment-worker`,
      };
    }
  }
}

export function serviceUrl(service: ServiceName, s: StackSettings): string {
  const port = { 'mock-provider': s.ports.mockProvider, registry: s.ports.registry, validator: s.ports.validator, gateway: s.ports.gateway, 'experiment-worker': s.ports.experimentWorker }[service];
  return `http://${s.host}:${port}`;
}

/** The internal listener of a platform service: `/metrics` and the detailed `/health/ready`. */
export function internalUrl(service: PlatformService, s: StackSettings): string {
  const port = { registry: s.ports.registryInternal, validator: s.ports.validatorInternal, gateway: s.ports.gatewayInternal, 'experiment-worker': s.ports.experimentWorkerInternal }[service];
  return `http://${s.host}:${port}`;
}

/** Free ports for the internal listeners (test runs). */
export async function freeInternalPorts(): Promise<InternalPorts> {
  return { registryInternal: await freePort(), validatorInternal: await freePort(), gatewayInternal: await freePort(), experimentWorkerInternal: await freePort() };
}

/** The endpoint that says a service is ready to serve. */
export function readinessUrl(service: ServiceName, s: StackSettings): string {
  return `${serviceUrl(service, s)}${service === 'mock-provider' ? '/health' : '/health/ready'}`;
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

export function logFile(service: ServiceName, s: StackSettings): string {
  return join(s.logDir, `${service}.log`);
}

/** How one service is started: command, flags, environment and log (tests that start one more process of a running stack reuse it). */
export function serviceLaunch(service: ServiceName, s: StackSettings): { name: string; command: string; args: string[]; cwd: string; env: Record<string, string>; logFile: string } {
  const entry = entryPoint(service);
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run the build first (npx nx run-many -t build)`);
  return {
    name: service,
    command: process.execPath,
    args: [...nodeFlags(service), entry],
    cwd: WORKSPACE_ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...serviceEnvironment(service, s) },
    logFile: logFile(service, s),
  };
}

/** Starts one service with its log appended to `<logDir>/<service>.log` (and its pid recorded when `pidFiles` is given). */
export function spawnService(service: ServiceName, s: StackSettings, options: { detached: boolean; pidFiles?: PidFiles }): ChildProcess & { pid: number } {
  return launchProcess({ ...serviceLaunch(service, s), detached: options.detached, ...(options.pidFiles ? { pidFiles: options.pidFiles } : {}) });
}

/** Polls the readiness URL; fails early with the log's tail when the process exits. */
export async function waitUntilReady(service: ServiceName, s: StackSettings, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const url = readinessUrl(service, s);
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      throw new Error(`${service} exited with code ${child.exitCode} before it was ready:\n${logTail(service, s)}`);
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
  throw new Error(`${service} was not ready at ${url} within ${timeoutMs} ms (last: ${last})\n${logTail(service, s)}`);
}

export function logTail(service: ServiceName, s: StackSettings, lines = 20): string {
  const file = logFile(service, s);
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
