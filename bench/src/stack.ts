import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
/* eslint-disable @nx/enforce-module-boundaries -- single files of libs/testing with Node-only imports (bench:build compiles them): its index would load the platform libraries */
import { freePort } from '../../libs/testing/src/free-port';
import { PidFiles } from '../../libs/testing/src/pid-files';
/* eslint-enable @nx/enforce-module-boundaries */
import { childPids, pidsNamed } from './proc';

export { freePort };

/**
 * What the benchmark needs of the stack that `npm run up` started: where it writes
 * its files, its settings (.local/stack.env) and its pids. Kept free of the stack
 * launcher's imports (tools/stack pulls in the platform libraries from dist/), so a
 * run does not depend on dist/libs being complete while other builds rewrite it; only
 * --own-gateway loads the launcher, to start a gateway exactly as the stack does. The
 * shared test helpers it uses (free ports, pid files, the process launcher) are single
 * files of libs/testing that `nx run bench:build` compiles with the benchmark.
 */

/** The repository root: the first directory above `start` with nx.json and package.json. */
export function findWorkspaceRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json')) && existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no nx.json above ${start}`);
  }
}

export const WORKSPACE_ROOT = findWorkspaceRoot(__dirname);
/** `.local/` (or MG_LOCAL_DIR), as tools/stack/stack-env.ts defines it. */
export const LOCAL_DIR = process.env['MG_LOCAL_DIR'] ? join(WORKSPACE_ROOT, process.env['MG_LOCAL_DIR']) : join(WORKSPACE_ROOT, '.local');
export const STACK_ENV_FILE = join(LOCAL_DIR, 'stack.env');

/** `NAME='value'` lines of stack.env (the format tools/stack/stack-env.ts writes). */
export function parseEnvFile(text: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) entries[match[1]!] = match[2]!.replace(/^'(.*)'$/, '$1');
  }
  return entries;
}

export function readEnvFile(file: string): Record<string, string> {
  return existsSync(file) ? parseEnvFile(readFileSync(file, 'utf8')) : {};
}

/** The pid in `.local/pids/<service>.pid` (written by `npm run up`) when that process is alive. */
export function runningPid(service: string): number | undefined {
  return new PidFiles(join(LOCAL_DIR, 'pids')).running(service);
}

/** Stops a process `npm run up` started (`validator-2`), gracefully; `npm run up` starts it again. */
export function stopStackProcess(name: string): Promise<'stopped' | 'killed' | 'not-running'> {
  return new PidFiles(join(LOCAL_DIR, 'pids')).stop(name);
}

/** The pid-file names of a service's replicas, as tools/stack's `replicaName` gives them (`gateway`, `gateway-2`, ...; that module is not loaded statically here). */
function replicaNames(service: string, replicas: number): string[] {
  return Array.from({ length: replicas }, (_, i) => (i === 0 ? service : `${service}-${i + 1}`));
}

/** The processes behind nginx's gateway entry of a scaled-out stack: every gateway replica and nginx's workers. */
export function stackGatewaysPids(replicas: number): number[] {
  const gateways = replicaNames('gateway', replicas).map((name) => runningPid(name));
  const nginx = runningPid('nginx');
  return [...gateways, ...(nginx ? childPids(nginx) : [])].filter((pid): pid is number => pid !== undefined);
}

/**
 * The platform's processes on this machine besides the gateways and the mock: every
 * registry, validator and experiment worker replica and the Kafka broker that `npm run up`
 * started, and PostgreSQL's and Redis's processes (by command name). What a gateway's
 * requests cost downstream (usage events, budgets, the cache) is their CPU.
 */
export function stackPlatformPids(replicas: number): number[] {
  const services = ['registry', 'validator', 'experiment-worker'].flatMap((service) => replicaNames(service, replicas));
  const started = [...services, 'kafka'].map((name) => runningPid(name)).filter((pid): pid is number => pid !== undefined);
  return [...started, ...pidsNamed(['postgres', 'redis-server'])];
}

/** The stack launcher (dist/tools/stack), loaded only when the benchmark starts a gateway of its own. */
export async function stackLauncher(): Promise<typeof import('../../tools/stack/stack') & typeof import('../../tools/stack/stack-env')> {
  /* eslint-disable @nx/enforce-module-boundaries -- tools/stack is the launcher, not a library with an import alias */
  const [stack, env] = await Promise.all([import('../../tools/stack/stack'), import('../../tools/stack/stack-env')]);
  /* eslint-enable @nx/enforce-module-boundaries */
  return { ...stack, ...env };
}
