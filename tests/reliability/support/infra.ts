/**
 * The reliability tier's own infrastructure: a PostgreSQL cluster, a Redis server, a
 * Kafka broker and the four services, all on free loopback ports under
 * `.local/reliability/<run>/` (PostgreSQL's cluster in a temporary directory of its
 * user's, outside the checkout), so this tier can stop, kill and restart any of them
 * without touching the machine's shared services or another tier's run.
 *
 * The global setup starts everything and writes `state.json`; tests read it (the
 * path is in MG_RELIABILITY_STATE) and use the functions below to stop and start
 * pieces. Process ids live in `pids/<name>.pid`, so whichever process restarted a
 * service, the teardown finds and stops it. The pieces are started with libs/testing's
 * launcher, pid files and throw-away PostgreSQL/Redis (local-services.ts), and the
 * services with tools/stack's, as `npm run up` and the benchmark do.
 *
 * Imported by Jest's global setup, where the @model-garden/* aliases do not
 * resolve: relative imports only.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createPostgresHome as createClusterHome,
  initPostgresCluster,
  portOpen,
  postgresBinDir,
  postmasterPid as clusterPostmasterPid,
  runCommand,
  startPostgresCluster,
  startRedisServer,
  stopPostgresCluster,
  stopRedisServer,
} from '../../../libs/testing/src/local-services';
import { isAlive, PidFiles, waitForExit } from '../../../libs/testing/src/pid-files';
import { sleep } from '../../../libs/testing/src/wait-for';
import { replicaName, SERVICES, type ServiceName, spawnService, type StackSettings, waitUntilReady, WORKSPACE_ROOT } from '../../../tools/stack/stack';

export { isAlive, portOpen, sleep, waitForExit };

export const PG_BIN = postgresBinDir();

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

/** Runs a command to completion (from the checkout unless told otherwise); rejects with its output when it fails. */
export function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {}): Promise<string> {
  return runCommand(command, args, { ...options, cwd: options.cwd ?? WORKSPACE_ROOT });
}

// --- PostgreSQL and Redis (libs/testing/src/local-services.ts) ----------------------

/**
 * The home of the run's PostgreSQL cluster: a mkdtemp directory under TMPDIR
 * (MG_RELIABILITY_PG_TMPDIR overrides), outside the checkout, owned by the `postgres`
 * user when the tier runs as root, so a checkout under a 0700 directory works. The
 * teardown deletes it.
 */
export async function createPostgresHome(): Promise<string> {
  try {
    return await createClusterHome('mg-reliability-pg-', process.env['MG_RELIABILITY_PG_TMPDIR'] ?? tmpdir());
  } catch (error) {
    throw new Error(`${(error as Error).message} (MG_RELIABILITY_PG_TMPDIR sets the base directory)`);
  }
}

export async function initPostgres(state: Pick<ReliabilityState, 'postgres'>): Promise<void> {
  await initPostgresCluster(state.postgres);
}

export async function startPostgres(state: ReliabilityState): Promise<void> {
  await startPostgresCluster(state.postgres);
}

/** `fast`: connections are cut, as when the database server goes away. */
export async function stopPostgres(state: ReliabilityState, mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
  await stopPostgresCluster(state.postgres, mode);
}

/** The postmaster's pid, while the cluster runs. */
export function postmasterPid(state: ReliabilityState): number | undefined {
  return clusterPostmasterPid(state.postgres);
}

function redisServer(state: ReliabilityState) {
  return { port: state.redis.port, dir: join(state.dir, 'redis'), logFile: state.redis.logFile, pidFiles: pidFiles(state) };
}

export async function startRedis(state: ReliabilityState): Promise<void> {
  await startRedisServer(redisServer(state));
}

export async function stopRedis(state: ReliabilityState): Promise<void> {
  await stopRedisServer(redisServer(state));
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

/**
 * Starts one service (detached, its pid in pids/ under its replica's name), optionally with extra
 * variables; waits until ready. `replica` (0-based) picks a scaled-out stack's replica (`gateway-2`, ...).
 */
export async function startService(state: ReliabilityState, service: ServiceName, extraEnv: Record<string, string> = {}, timeoutMs = 60_000, replica = 0): Promise<number> {
  const settings = withEnv(state, service, extraEnv);
  const child = spawnService(service, settings, { detached: true, pidFiles: pidFiles(state), replica });
  await waitUntilReady(service, settings, timeoutMs, child, replica);
  return child.pid;
}

/** Starts a service without waiting for readiness (it may depend on something that is down). */
export function launchService(state: ReliabilityState, service: ServiceName, extraEnv: Record<string, string> = {}): number {
  return spawnService(service, withEnv(state, service, extraEnv), { detached: true, pidFiles: pidFiles(state) }).pid;
}

/** SIGTERM (graceful) and wait for the exit; SIGKILL after `graceMs`. Resolves with how it ended. */
export async function stopService(state: ReliabilityState, service: ServiceName, graceMs = 20_000, replica = 0): Promise<'stopped' | 'killed' | 'not-running'> {
  return pidFiles(state).stop(replicaName(service, replica), graceMs);
}

/** SIGKILL, as a crash: the pid file stays (tests compare it with the next start's). */
export async function killService(state: ReliabilityState, service: ServiceName, replica = 0): Promise<void> {
  await pidFiles(state).kill(replicaName(service, replica));
}

/**
 * The pid names of every service process and load balancer the run may have left: the
 * first replicas (`gateway`), any further ones a scale-out test started (`gateway-2`,
 * `validator-3`) and nginx. The teardown stops them all.
 */
export function servicePidNames(state: ReliabilityState): string[] {
  const dir = pidFiles(state).dir;
  const recorded = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.pid')).map((f) => f.slice(0, -'.pid'.length)) : [];
  const pattern = new RegExp(`^(?:nginx|(?:${SERVICES.join('|')})(?:-\\d+)?)$`);
  return [...new Set([...SERVICES, ...recorded.filter((name) => pattern.test(name))])];
}

export function removeRunDir(state: ReliabilityState, keepLogs: boolean): void {
  if (!keepLogs) rmSync(state.dir, { recursive: true, force: true });
}
