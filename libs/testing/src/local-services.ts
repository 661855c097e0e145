import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PidFiles } from './pid-files';
import { launchProcess } from './process-launcher';
import { sleep } from './wait-for';

/**
 * Throw-away PostgreSQL clusters and Redis servers on free loopback ports, for test
 * runs that stop and kill their infrastructure (the reliability tier). The machine's
 * long-lived services are scripts/services.sh's business (system packages,
 * `pg_ctlcluster`); everything a test run starts itself is started here. Node-only
 * imports, so Jest's global setups can load this file by path.
 */

/** Runs a command to completion; rejects with its output when it fails. */
export function runCommand(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd: options.cwd, env: { ...process.env, ...options.env }, timeout: options.timeoutMs ?? 120_000, maxBuffer: 16 * 1024 * 1024 },
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

export async function waitForPort(port: number, open: boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await portOpen(port)) === open) return;
    await sleep(100);
  }
  throw new Error(`${what}: port ${port} still ${open ? 'closed' : 'open'} after ${timeoutMs} ms`);
}

// --- PostgreSQL ------------------------------------------------------------------

/** PostgreSQL's server binaries: MG_PG_BIN, else the newest /usr/lib/postgresql/<version>/bin (as scripts/services.sh picks the newest cluster). */
export function postgresBinDir(): string {
  const configured = process.env['MG_PG_BIN'];
  if (configured) return configured;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0]) throw new Error(`no PostgreSQL server under ${root}: install it (bash scripts/services.sh ensure) or set MG_PG_BIN`);
  return join(root, versions[0], 'bin');
}

export interface PostgresCluster {
  port: number;
  /** A directory outside the checkout that the cluster's user owns: data, log and working directory. */
  home: string;
  dataDir: string;
  logFile: string;
}

/** initdb refuses to run as root: the cluster then runs as the `postgres` user. */
const RUN_AS_POSTGRES = process.getuid?.() === 0;

/** Runs a PostgreSQL command as the cluster's user, from the cluster's home (never from the checkout). */
function runPostgresCommand(cluster: PostgresCluster, command: string, args: string[]): Promise<string> {
  const binary = join(postgresBinDir(), command);
  return RUN_AS_POSTGRES
    ? runCommand('runuser', ['-u', 'postgres', '--', binary, ...args], { cwd: cluster.home })
    : runCommand(binary, args, { cwd: cluster.home });
}

/**
 * A home for a cluster: made with mkdtemp under `base` (default TMPDIR), outside the
 * checkout, and owned by the `postgres` user when running as root. The checkout may sit
 * under a home directory of mode 0700 that the `postgres` user cannot enter: nothing
 * PostgreSQL reads or writes is there. `removePostgresHome` deletes it.
 */
export async function createPostgresHome(prefix: string, base = tmpdir()): Promise<string> {
  mkdirSync(base, { recursive: true });
  const home = mkdtempSync(join(base, prefix));
  if (!RUN_AS_POSTGRES) return home;
  try {
    await runCommand('chown', ['postgres:postgres', home], { cwd: home });
    await runCommand('runuser', ['-u', 'postgres', '--', 'test', '-w', home, '-a', '-x', home], { cwd: home });
  } catch {
    rmSync(home, { recursive: true, force: true });
    throw new Error(`the postgres user cannot enter ${home} (a directory above it is closed to other users): choose a base directory it can reach, such as /tmp`);
  }
  return home;
}

export function postgresCluster(home: string, port: number): PostgresCluster {
  return { port, home, dataDir: join(home, 'data'), logFile: join(home, 'postgresql.log') };
}

export async function initPostgresCluster(cluster: PostgresCluster): Promise<void> {
  await runPostgresCommand(cluster, 'initdb', ['-D', cluster.dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']);
}

export async function startPostgresCluster(cluster: PostgresCluster): Promise<void> {
  // TCP on loopback only, no Unix socket; durability traded for speed (a throw-away cluster).
  const options = `-p ${cluster.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  await runPostgresCommand(cluster, 'pg_ctl', ['-D', cluster.dataDir, '-l', cluster.logFile, '-w', '-t', '60', '-o', options, 'start']);
}

/** `fast`: connections are cut, as when the database server goes away; `immediate`: a crash. */
export async function stopPostgresCluster(cluster: PostgresCluster, mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
  if (!existsSync(join(cluster.dataDir, 'postmaster.pid'))) return;
  await runPostgresCommand(cluster, 'pg_ctl', ['-D', cluster.dataDir, '-m', mode, '-w', '-t', '60', 'stop']);
  await waitForPort(cluster.port, false, 10_000, 'postgres');
}

/** The postmaster's pid (first line of postmaster.pid), while the cluster runs. */
export function postmasterPid(cluster: PostgresCluster): number | undefined {
  const file = join(cluster.dataDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number.parseInt(readFileSync(file, 'utf8').split('\n')[0] ?? '', 10);
  return Number.isInteger(pid) ? pid : undefined;
}

export function removePostgresHome(cluster: PostgresCluster): void {
  rmSync(cluster.home, { recursive: true, force: true });
}

// --- Redis -----------------------------------------------------------------------

export interface RedisServer {
  port: number;
  /** Its working directory (no persistence is written there). */
  dir: string;
  logFile: string;
  pidFiles: PidFiles;
  /** The pid file's name (default `redis`). */
  name?: string;
}

/** Starts a `redis-server` without persistence (a restart comes back empty, as a Redis that lost its data) and waits for its port. */
export async function startRedisServer(redis: RedisServer): Promise<void> {
  mkdirSync(redis.dir, { recursive: true });
  launchProcess({
    name: redis.name ?? 'redis',
    command: 'redis-server',
    args: ['--port', String(redis.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', redis.dir, '--logfile', redis.logFile, '--daemonize', 'no'],
    cwd: redis.dir,
    env: process.env,
    detached: true,
    pidFiles: redis.pidFiles,
  });
  await waitForPort(redis.port, true, 10_000, 'redis');
}

export async function stopRedisServer(redis: RedisServer): Promise<void> {
  if ((await redis.pidFiles.stop(redis.name ?? 'redis', 10_000)) === 'not-running') return;
  await waitForPort(redis.port, false, 10_000, 'redis');
}
