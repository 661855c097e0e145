/**
 * The reliability tier's own infrastructure: a PostgreSQL cluster, a Redis server, a
 * Kafka broker and the four services, all on free loopback ports under
 * `.local/reliability/<run>/`, so this tier can stop, kill and restart any of them
 * without touching the machine's shared services or another tier's run.
 *
 * The global setup starts everything and writes `state.json`; tests read it (the
 * path is in MG_RELIABILITY_STATE) and use the functions below to stop and start
 * pieces. Process ids live in `pids/<name>.pid`, so whichever process restarted a
 * service, the teardown finds and stops it.
 *
 * Imported by Jest's global setup, where the @model-garden/* aliases do not
 * resolve: relative imports only.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAlive, PidFiles, waitForExit } from '../../../libs/testing/src/pid-files';
import { launchProcess } from '../../../libs/testing/src/process-launcher';
import { sleep } from '../../../libs/testing/src/wait-for';
import { type ServiceName, spawnService, type StackSettings, waitUntilReady, WORKSPACE_ROOT } from '../../../tools/stack/stack';

export { isAlive, sleep, waitForExit };

export const PG_BIN = process.env['MG_PG_BIN'] ?? '/usr/lib/postgresql/15/bin';

export interface ReliabilityState {
  runId: string;
  /** Absolute `.local/reliability/<run>`. */
  dir: string;
  /**
   * `home`: a directory outside the checkout that the user running PostgreSQL owns (see
   * createPostgresHome); the cluster's data and log live there, and its commands run there.
   */
  postgres: { port: number; home: string; dataDir: string; logFile: string; adminUrl: string };
  redis: { port: number; url: string; logFile: string };
  kafka: { port: number; controllerPort: number; localDir: string; brokers: string };
  settings: StackSettings;
}

export const STATE_ENV = 'MG_RELIABILITY_STATE';

export function loadState(): ReliabilityState {
  const file = process.env[STATE_ENV];
  if (!file || !existsSync(file)) throw new Error(`${STATE_ENV} is not set: run this file through tools/jest/reliability.config.js`);
  return JSON.parse(readFileSync(file, 'utf8')) as ReliabilityState;
}

export function saveState(state: ReliabilityState): string {
  const file = join(state.dir, 'state.json');
  writeFileSync(file, JSON.stringify(state, null, 2));
  return file;
}

// --- processes -----------------------------------------------------------------

/** The run's pid files (`<run>/pids/`), whichever process started a piece. */
export function pidFiles(state: ReliabilityState): PidFiles {
  return new PidFiles(join(state.dir, 'pids'));
}

export function writePid(state: ReliabilityState, name: string, pid: number): void {
  pidFiles(state).write(name, pid);
}

export function readPid(state: ReliabilityState, name: string): number | undefined {
  return pidFiles(state).read(name);
}

/** Runs a command to completion; rejects with its output when it fails. */
export function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd: options.cwd ?? WORKSPACE_ROOT, env: { ...process.env, ...options.env }, timeout: options.timeoutMs ?? 120_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${stdout}\n${stderr}`));
        else resolve(`${stdout}${stderr}`);
      },
    );
  });
}

export function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitForPort(port: number, open: boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await portOpen(port)) === open) return;
    await sleep(100);
  }
  throw new Error(`${what}: port ${port} still ${open ? 'closed' : 'open'} after ${timeoutMs} ms`);
}

// --- PostgreSQL ------------------------------------------------------------------

/** initdb refuses to run as root: run the cluster as the `postgres` user then. */
const RUN_AS_POSTGRES = process.getuid?.() === 0;

function asPostgresUser(command: string, args: string[]): [string, string[]] {
  return RUN_AS_POSTGRES ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

/** Runs a PostgreSQL command as the cluster's user, from the cluster's home (never from the checkout). */
function runPostgresCommand(state: Pick<ReliabilityState, 'postgres'>, command: string, args: string[]): Promise<string> {
  return run(...asPostgresUser(join(PG_BIN, command), args), { cwd: state.postgres.home });
}

/**
 * The directory for the run's PostgreSQL cluster: made with mkdtemp under TMPDIR
 * (MG_RELIABILITY_PG_TMPDIR overrides), outside the checkout, and owned by the
 * `postgres` user when the tier runs as root. The checkout may sit under a home
 * directory of mode 0700 that the `postgres` user cannot enter: nothing PostgreSQL
 * reads or writes is there. The teardown deletes it.
 */
export async function createPostgresHome(): Promise<string> {
  const base = process.env['MG_RELIABILITY_PG_TMPDIR'] ?? tmpdir();
  const home = mkdtempSync(join(base, 'mg-reliability-pg-'));
  if (!RUN_AS_POSTGRES) return home;
  await run('chown', ['postgres:postgres', home]);
  try {
    await run('runuser', ['-u', 'postgres', '--', 'test', '-w', home, '-a', '-x', home], { cwd: home });
  } catch {
    rmSync(home, { recursive: true, force: true });
    throw new Error(
      `the postgres user cannot enter ${home} (a directory above it is closed to other users): set MG_RELIABILITY_PG_TMPDIR to a directory it can reach, such as /tmp`,
    );
  }
  return home;
}

export async function initPostgres(state: Pick<ReliabilityState, 'postgres'>): Promise<void> {
  await runPostgresCommand(state, 'initdb', ['-D', state.postgres.dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']);
}

export async function startPostgres(state: ReliabilityState): Promise<void> {
  const { dataDir, port, logFile } = state.postgres;
  // TCP on loopback only, no Unix socket; durability traded for speed (a throw-away cluster).
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  await runPostgresCommand(state, 'pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', options, 'start']);
}

/** `fast`: connections are cut, as when the database server goes away. */
export async function stopPostgres(state: ReliabilityState, mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
  if (!existsSync(join(state.postgres.dataDir, 'postmaster.pid'))) return;
  await runPostgresCommand(state, 'pg_ctl', ['-D', state.postgres.dataDir, '-m', mode, '-w', '-t', '60', 'stop']);
  await waitForPort(state.postgres.port, false, 10_000, 'postgres');
}

/** The postmaster's pid (first line of postmaster.pid), while the cluster runs. */
export function postmasterPid(state: ReliabilityState): number | undefined {
  const file = join(state.postgres.dataDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number.parseInt(readFileSync(file, 'utf8').split('\n')[0] ?? '', 10);
  return Number.isInteger(pid) ? pid : undefined;
}

// --- Redis -----------------------------------------------------------------------

export async function startRedis(state: ReliabilityState): Promise<void> {
  const dataDir = join(state.dir, 'redis');
  mkdirSync(dataDir, { recursive: true });
  // No persistence: a restart comes back empty, as a cache or queue server that lost its data.
  launchProcess({
    name: 'redis',
    command: 'redis-server',
    args: ['--port', String(state.redis.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dataDir, '--logfile', state.redis.logFile, '--daemonize', 'no'],
    cwd: WORKSPACE_ROOT,
    env: process.env,
    detached: true,
    pidFiles: pidFiles(state),
  });
  await waitForPort(state.redis.port, true, 10_000, 'redis');
}

export async function stopRedis(state: ReliabilityState): Promise<void> {
  if ((await pidFiles(state).stop('redis', 10_000)) === 'not-running') return;
  await waitForPort(state.redis.port, false, 10_000, 'redis');
}

// --- Kafka -----------------------------------------------------------------------

function kafkaEnv(state: ReliabilityState): NodeJS.ProcessEnv {
  return {
    MG_LOCAL_DIR: state.kafka.localDir,
    KAFKA_PORT: String(state.kafka.port),
    KAFKA_CONTROLLER_PORT: String(state.kafka.controllerPort),
    KAFKA_HEAP_OPTS: '-Xmx384m -Xms128m',
  };
}

export async function startKafka(state: ReliabilityState): Promise<void> {
  await run('bash', ['scripts/kafka.sh', 'start'], { env: kafkaEnv(state), timeoutMs: 180_000 });
}

export async function stopKafka(state: ReliabilityState): Promise<void> {
  await run('bash', ['scripts/kafka.sh', 'stop'], { env: kafkaEnv(state), timeoutMs: 60_000 });
}

// --- services --------------------------------------------------------------------

function withEnv(state: ReliabilityState, service: ServiceName, extraEnv: Record<string, string>): StackSettings {
  return { ...state.settings, overrides: { ...state.settings.overrides, [service]: { ...state.settings.overrides?.[service], ...extraEnv } } };
}

/** Starts one service (detached, its pid in pids/), optionally with extra variables; waits until ready. */
export async function startService(state: ReliabilityState, service: ServiceName, extraEnv: Record<string, string> = {}, timeoutMs = 60_000): Promise<number> {
  const settings = withEnv(state, service, extraEnv);
  const child = spawnService(service, settings, { detached: true, pidFiles: pidFiles(state) });
  await waitUntilReady(service, settings, timeoutMs, child);
  return child.pid;
}

/** Starts a service without waiting for readiness (it may depend on something that is down). */
export function launchService(state: ReliabilityState, service: ServiceName, extraEnv: Record<string, string> = {}): number {
  return spawnService(service, withEnv(state, service, extraEnv), { detached: true, pidFiles: pidFiles(state) }).pid;
}

/** SIGTERM (graceful) and wait for the exit; SIGKILL after `graceMs`. Resolves with how it ended. */
export async function stopService(state: ReliabilityState, service: ServiceName, graceMs = 20_000): Promise<'stopped' | 'killed' | 'not-running'> {
  return pidFiles(state).stop(service, graceMs);
}

/** SIGKILL, as a crash: the pid file stays (tests compare it with the next start's). */
export async function killService(state: ReliabilityState, service: ServiceName): Promise<void> {
  await pidFiles(state).kill(service);
}

export function removeRunDir(state: ReliabilityState, keepLogs: boolean): void {
  if (!keepLogs) rmSync(state.dir, { recursive: true, force: true });
}
