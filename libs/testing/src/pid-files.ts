import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from './wait-for';

/**
 * Pid files of the processes a run started in the background: `<dir>/<name>.pid`
 * holding the pid and a newline. The one home of pid files on the TypeScript side:
 * `npm run up`/`down` (tools/stack), the reliability tier and the benchmark use it;
 * scripts/lib/pid-file.sh writes the same format for the Kafka broker. Node-only
 * imports, so Jest's global setups and the benchmark can load this file by path.
 */
export class PidFiles {
  constructor(readonly dir: string) {}

  path(name: string): string {
    return join(this.dir, `${name}.pid`);
  }

  write(name: string, pid: number): void {
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(this.path(name), `${pid}\n`);
  }

  /** The pid recorded for `name`, alive or not. */
  read(name: string): number | undefined {
    const file = this.path(name);
    if (!existsSync(file)) return undefined;
    const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  }

  /** The recorded pid when that process is alive; a stale pid file is removed. */
  running(name: string): number | undefined {
    const pid = this.read(name);
    if (pid !== undefined && isAlive(pid)) return pid;
    this.remove(name);
    return undefined;
  }

  remove(name: string): void {
    rmSync(this.path(name), { force: true });
  }

  /** Stops the recorded process (SIGTERM, SIGKILL after `graceMs`) and removes its pid file. */
  async stop(name: string, graceMs = 15_000): Promise<'stopped' | 'killed' | 'not-running'> {
    const pid = this.running(name);
    if (pid === undefined) return 'not-running';
    const how = await stopProcess(pid, graceMs);
    this.remove(name);
    return how;
  }

  /** SIGKILL for the recorded process (a crash), waiting until it is gone; the pid file stays. */
  async kill(name: string): Promise<void> {
    const pid = this.read(name);
    if (pid === undefined || !isAlive(pid)) return;
    process.kill(pid, 'SIGKILL');
    await waitForExit(pid, 5_000);
  }
}

/** Alive and not a zombie (a killed child that its parent has not reaped yet counts as gone). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    // No /proc (not Linux): signal 0 answered, so it is alive.
    return existsSync('/proc/self') ? false : true;
  }
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(50);
  }
  return !isAlive(pid);
}

/** SIGTERM (graceful) and wait for the exit; SIGKILL after `graceMs`. Resolves with how it ended. */
export async function stopProcess(pid: number, graceMs: number): Promise<'stopped' | 'killed'> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return 'stopped'; // gone meanwhile
  }
  if (await waitForExit(pid, graceMs)) return 'stopped';
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return 'stopped';
  }
  await waitForExit(pid, 5_000);
  return 'killed';
}
