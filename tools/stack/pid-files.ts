import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_DIR } from './stack-env';
import { type ServiceName } from './stack';

const PID_DIR = join(LOCAL_DIR, 'pids');

export function pidFile(service: ServiceName): string {
  return join(PID_DIR, `${service}.pid`);
}

export function writePid(service: ServiceName, pid: number): void {
  mkdirSync(PID_DIR, { recursive: true });
  writeFileSync(pidFile(service), `${pid}\n`);
}

/** The pid of our running process for the service, or undefined (a stale pid file is removed). */
export function runningPid(service: ServiceName): number | undefined {
  const file = pidFile(service);
  if (!existsSync(file)) return undefined;
  const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
  if (Number.isInteger(pid) && isAlive(pid)) return pid;
  rmSync(file, { force: true });
  return undefined;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL after the grace period. */
export async function stopPid(service: ServiceName, pid: number, graceMs = 15_000): Promise<'stopped' | 'killed'> {
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) {
      rmSync(pidFile(service), { force: true });
      return 'stopped';
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.kill(pid, 'SIGKILL');
  rmSync(pidFile(service), { force: true });
  return 'killed';
}
