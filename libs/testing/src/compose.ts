import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { describeConfig, loadConfig } from '@model-garden/platform';
import { workspaceRoot } from './workspace-root';

/**
 * Reads docker-compose.yml the way Docker Compose does (YAML with anchors and merge
 * keys, then `${VAR}` interpolation) so that unit tests can check it against the apps'
 * configuration without a Docker engine. The checks return lists of problems:
 * `expect(problems).toEqual([])` shows every one at once.
 */
export const REPO_ROOT = workspaceRoot(__dirname);
export const COMPOSE_FILE = join(REPO_ROOT, 'docker-compose.yml');
export const ENV_EXAMPLE_FILE = join(REPO_ROOT, '.env.example');

export type Environment = Record<string, string | undefined>;
export type DependencyCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; args?: Record<string, string> | string[] };
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, unknown> | string[];
  ports?: (string | number | { target?: number; published?: number | string; host_ip?: string })[];
  expose?: (string | number)[];
  healthcheck?: { test?: string | string[]; interval?: string; timeout?: string; retries?: number; start_period?: string; disable?: boolean };
  depends_on?: string[] | Record<string, { condition?: DependencyCondition; required?: boolean; restart?: boolean }>;
  restart?: string;
  [key: string]: unknown;
}

export interface ComposeProject {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  /** Every variable the file interpolates, whether or not it had a value. */
  variables: Set<string>;
}

export class ComposeInterpolationError extends Error {
  override readonly name = 'ComposeInterpolationError';
}

/**
 * Docker Compose's interpolation: `$$` is a literal `$`; `$VAR`, `${VAR}`,
 * `${VAR:-default}` / `${VAR-default}` (default when unset or empty / unset),
 * `${VAR:?message}` / `${VAR?message}` (error), `${VAR:+alt}` / `${VAR+alt}`.
 * Defaults may themselves hold `${...}`. Anything else is an error, as in Compose.
 */
export function interpolate(text: string, env: Environment, seen: Set<string> = new Set()): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch !== '$') {
      out += ch;
      i += 1;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      const end = closingBrace(text, i + 2);
      if (end < 0) throw new ComposeInterpolationError(`Unclosed "\${" in ${JSON.stringify(text)}`);
      out += substitute(text.slice(i + 2, end), env, seen, text);
      i = end + 1;
      continue;
    }
    const bare = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
    if (!bare) throw new ComposeInterpolationError(`Invalid "$" in ${JSON.stringify(text)}: write "$$" for a literal dollar sign`);
    seen.add(bare[0]);
    out += env[bare[0]] ?? '';
    i += 1 + bare[0].length;
  }
  return out;
}

function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let j = from; j < text.length; j += 1) {
    if (text[j] === '$' && text[j + 1] === '$') j += 1;
    else if (text[j] === '$' && text[j + 1] === '{') {
      depth += 1;
      j += 1;
    } else if (text[j] === '}' && --depth === 0) return j;
  }
  return -1;
}

function substitute(expression: string, env: Environment, seen: Set<string>, whole: string): string {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/.exec(expression);
  if (!match) throw new ComposeInterpolationError(`Invalid interpolation "\${${expression}}" in ${JSON.stringify(whole)}`);
  const [, name, operator, word = ''] = match as unknown as [string, string, string | undefined, string | undefined];
  seen.add(name);
  const value = env[name];
  const isSet = value !== undefined;
  const isNonEmpty = isSet && value !== '';
  switch (operator) {
    case undefined:
      return value ?? '';
    case ':-':
      return isNonEmpty ? value : interpolate(word, env, seen);
    case '-':
      return isSet ? value : interpolate(word, env, seen);
    case ':?':
    case '?':
      if (operator === ':?' ? isNonEmpty : isSet) return value!;
      throw new ComposeInterpolationError(`required variable ${name} is missing a value${word ? `: ${interpolate(word, env, seen)}` : ''}`);
    case ':+':
      return isNonEmpty ? interpolate(word, env, seen) : '';
    case '+':
      return isSet ? interpolate(word, env, seen) : '';
    default:
      throw new ComposeInterpolationError(`Unsupported operator in "\${${expression}}"`);
  }
}

/** Parses and interpolates a compose file with the given environment (as `.env` plus the shell would give). */
export function loadComposeProject(env: Environment, file: string = COMPOSE_FILE): ComposeProject {
  const document: unknown = parse(readFileSync(file, 'utf8'), { merge: true });
  if (!isRecord(document) || !isRecord(document['services'])) throw new Error(`${file} has no services`);
  const variables = new Set<string>();
  const interpolated = interpolateTree(document, env, variables) as Record<string, unknown>;
  return {
    services: interpolated['services'] as Record<string, ComposeService>,
    volumes: interpolated['volumes'] as Record<string, unknown> | undefined,
    variables,
  };
}

function interpolateTree(node: unknown, env: Environment, seen: Set<string>): unknown {
  if (typeof node === 'string') return interpolate(node, env, seen);
  if (Array.isArray(node)) return node.map((item) => interpolateTree(item, env, seen));
  if (isRecord(node)) return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, interpolateTree(value, env, seen)]));
  return node;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A service's environment as the container gets it. Values must be strings in the
 * file: a bare `KEY:` (null) would pass the caller's variable through unchecked, and
 * YAML numbers and booleans are easy to get wrong (`0755`, `yes`).
 */
export function serviceEnvironment(service: ComposeService, name = 'service'): Record<string, string> {
  const raw = service.environment ?? {};
  const entries: [string, unknown][] = Array.isArray(raw)
    ? raw.map((line) => {
        const at = line.indexOf('=');
        return at < 0 ? [line, null] : [line.slice(0, at), line.slice(at + 1)];
      })
    : Object.entries(raw);
  const env: Record<string, string> = {};
  for (const [key, value] of entries) {
    if (typeof value !== 'string') throw new Error(`${name}: environment ${key} must be a quoted string, got ${JSON.stringify(value)}`);
    env[key] = value;
  }
  return env;
}

/** `depends_on` in its long form: service name → condition (the short form means service_started). */
export function serviceDependencies(service: ComposeService): Record<string, DependencyCondition> {
  const raw = service.depends_on ?? {};
  if (Array.isArray(raw)) return Object.fromEntries(raw.map((name) => [name, 'service_started' as const]));
  return Object.fromEntries(Object.entries(raw).map(([name, options]) => [name, options?.condition ?? 'service_started']));
}

export interface PublishedPort {
  hostIp: string | undefined;
  published: string;
  target: string;
}

export function publishedPorts(service: ComposeService): PublishedPort[] {
  return (service.ports ?? []).map((port) => {
    if (typeof port === 'object') return { hostIp: port.host_ip, published: String(port.published ?? ''), target: String(port.target ?? '') };
    const parts = String(port).split(':');
    if (parts.length === 3) return { hostIp: parts[0], published: parts[1]!, target: parts[2]! };
    if (parts.length === 2) return { hostIp: undefined, published: parts[0]!, target: parts[1]! };
    return { hostIp: undefined, published: '', target: parts[0]! };
  });
}

/** Absolute path of the Dockerfile a service builds from (context relative to the compose file). */
export function serviceDockerfile(service: ComposeService, composeFile: string = COMPOSE_FILE): string | undefined {
  if (!service.build) return undefined;
  const build = typeof service.build === 'string' ? { context: service.build } : service.build;
  return resolve(join(composeFile, '..'), build.context ?? '.', build.dockerfile ?? 'Dockerfile');
}

/** The healthcheck command as one string (exec form joined with spaces). */
export function healthcheckCommand(service: ComposeService): string | undefined {
  const test = service.healthcheck?.test;
  if (service.healthcheck?.disable || test === undefined) return undefined;
  const parts = typeof test === 'string' ? ['CMD-SHELL', test] : test;
  if (parts[0] === 'NONE') return undefined;
  return parts.slice(parts[0] === 'CMD' || parts[0] === 'CMD-SHELL' ? 1 : 0).join(' ');
}

/** What an app reads from its environment, and how it judges a whole environment. */
export interface EnvContract {
  variables: { name: string; required: boolean }[];
  /** Throws (naming the variables) when the app would refuse to start with this environment. */
  validate(env: Environment): void;
}

/** The contract of a config class of `@model-garden/platform` (`@EnvVar` properties, class-validator rules). */
export function configClassContract<T extends object>(cls: new () => T, extraValidation?: (config: T) => void): EnvContract {
  return {
    variables: describeConfig(cls).map(({ name, required }) => ({ name, required })),
    validate: (env) => {
      const config = loadConfig(cls, env);
      extraValidation?.(config);
    },
  };
}

/** Every variable `read` looks at, found by handing it a recording environment. */
export function variablesRead(read: (env: Environment) => unknown, environments: Environment[] = [{}]): string[] {
  const names = new Set<string>();
  for (const base of environments) {
    const recording = new Proxy(base, {
      get: (target, key) => {
        if (typeof key === 'string') names.add(key);
        return target[key as string];
      },
    });
    try {
      read(recording);
    } catch {
      // A refused environment still shows what was read.
    }
  }
  return [...names].sort();
}

/**
 * What is wrong with the environment a compose service gives an app: a required
 * variable not set (or empty), a variable the app does not read (a typo or a leftover),
 * and whatever the app's own validation refuses.
 */
export function environmentProblems(env: Record<string, string>, contract: EnvContract): string[] {
  const problems: string[] = [];
  const declared = new Set(contract.variables.map((v) => v.name));
  for (const { name, required } of contract.variables) {
    if (required && !env[name]) problems.push(`${name} is required by the app but ${name in env ? 'empty' : 'not set'}`);
  }
  for (const name of Object.keys(env)) {
    if (!declared.has(name)) problems.push(`${name} is set but the app does not read it`);
  }
  try {
    contract.validate(env);
  } catch (error) {
    problems.push(`the app refuses this environment: ${error instanceof Error ? error.message : String(error)}`);
  }
  return problems;
}

export interface AppServiceExpectation {
  /** Variable holding the interface the app binds to (must be 0.0.0.0 in a container). */
  hostVariable: string;
  /** Variable holding the HTTP port inside the container (e.g. REGISTRY_PORT). */
  portVariable: string;
  /** Path the healthcheck must call, e.g. /health/ready. */
  healthPath: string;
  /** Variable holding the internal listener's port (metrics, detailed readiness), which must be set and never published. */
  internalPortVariable?: string;
  dependsOn: Record<string, DependencyCondition>;
  /** Dockerfile path relative to the repository root. */
  dockerfile: string;
}

/** Wiring of an app service: build, healthcheck, depends_on, ports. */
export function appServiceProblems(project: ComposeProject, name: string, expected: AppServiceExpectation): string[] {
  const service = project.services[name];
  if (!service) return [`no service ${name}`];
  const problems: string[] = [];
  const env = serviceEnvironment(service, name);
  const port = env[expected.portVariable];
  if (!port) problems.push(`${name}: ${expected.portVariable} is not set, so its port is unknown`);
  if (env[expected.hostVariable] !== '0.0.0.0') {
    problems.push(`${name}: ${expected.hostVariable} is ${JSON.stringify(env[expected.hostVariable])}; inside a container it must be 0.0.0.0 to be reachable`);
  }

  const dockerfile = serviceDockerfile(service);
  if (dockerfile !== join(REPO_ROOT, expected.dockerfile)) problems.push(`${name}: builds from ${dockerfile ?? 'no Dockerfile'}, expected ${expected.dockerfile}`);
  if (dockerfile && !existsSync(dockerfile)) problems.push(`${name}: ${dockerfile} does not exist`);

  const health = healthcheckCommand(service);
  const url = `http://127.0.0.1:${port}${expected.healthPath}`;
  if (!health) problems.push(`${name}: no healthcheck`);
  else if (!health.includes(`'${url}'`)) problems.push(`${name}: the healthcheck does not call ${url}: ${health}`);
  else if (!/^node -e /.test(health)) problems.push(`${name}: the healthcheck must run node (the slim image has no curl or wget): ${health}`);

  const dependencies = serviceDependencies(service);
  if (JSON.stringify(sortKeys(dependencies)) !== JSON.stringify(sortKeys(expected.dependsOn))) {
    problems.push(`${name}: depends_on is ${JSON.stringify(dependencies)}, expected ${JSON.stringify(expected.dependsOn)}`);
  }
  for (const [dependency, condition] of Object.entries(dependencies)) {
    const other = project.services[dependency];
    if (!other) problems.push(`${name}: depends on ${dependency}, which is not a service`);
    else if (condition === 'service_healthy' && !healthcheckCommand(other)) problems.push(`${name}: waits for ${dependency} to be healthy, but it has no healthcheck`);
  }

  if (expected.internalPortVariable !== undefined) {
    const internal = env[expected.internalPortVariable];
    if (!internal) problems.push(`${name}: ${expected.internalPortVariable} is not set, so metrics would be on a default port`);
    else if (internal === port) problems.push(`${name}: ${expected.internalPortVariable} is its public port ${port}; metrics must be on another`);
  }

  const ports = publishedPorts(service);
  if (!ports.some((p) => p.target === port)) problems.push(`${name}: its port ${port} is not published`);
  for (const p of ports) {
    if (p.target !== port) problems.push(`${name}: publishes ${p.target}, which is not its HTTP port ${port}`);
    if (p.hostIp !== '127.0.0.1') problems.push(`${name}: publishes ${p.target} on ${p.hostIp ?? 'every interface'}, not 127.0.0.1`);
  }
  return problems;
}

function sortKeys(record: Record<string, string>): [string, string][] {
  return Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
}

/**
 * `.env.example`: `NAME=value` lines are the variables to fill in; `# NAME=value`
 * lines document optional ones with an example.
 */
export function readEnvExample(file: string = ENV_EXAMPLE_FILE): { required: Record<string, string>; optional: Record<string, string> } {
  const required: Record<string, string> = {};
  const optional: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const active = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    const commented = /^#\s?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (active) required[active[1]!] = active[2]!;
    else if (commented) optional[commented[1]!] = commented[2]!;
  }
  return { required, optional };
}

/** Values of the kind an operator puts in `.env` for the secrets (fresh for every run). */
export function sampleSecrets(): Record<string, string> {
  return {
    ADMIN_TOKEN: randomBytes(24).toString('hex'),
    VALIDATOR_SERVICE_TOKEN: randomBytes(24).toString('hex'),
    GATEWAY_SERVICE_TOKEN: randomBytes(24).toString('hex'),
    EXPERIMENT_WORKER_SERVICE_TOKEN: randomBytes(24).toString('hex'),
    ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    MOCK_PROVIDER_API_KEY: `mock-${randomBytes(12).toString('hex')}`,
  };
}
