import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { cpus, hostname, loadavg, release, totalmem, type } from 'node:os';
import type { MachineInfo } from './results';
// eslint-disable-next-line @nx/enforce-module-boundaries -- a Node-only file of libs/testing (bench:build compiles it); its index would load the platform libraries
import { nginxVersion } from '../../libs/testing/src/nginx';

function run(command: string, args: string[], cwd: string): string | null {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    return null;
  }
}

/** When a process started (ps lstart), as ISO-8601, or null. */
export function processStartedAt(pid: number): string | null {
  const text = run('ps', ['-o', 'lstart=', '-p', String(pid)], '/');
  const time = text ? Date.parse(text) : Number.NaN;
  return Number.isFinite(time) ? new Date(time).toISOString() : null;
}

/** The newest commit that touched the paths: `<short hash> <ISO date> <subject>`. */
export function lastCommit(workspaceRoot: string, paths: string[]): string | null {
  return run('git', ['log', '-1', '--format=%h %cI %s', '--', ...paths], workspaceRoot);
}

export function fileWrittenAt(file: string): string | null {
  try {
    return statSync(file).mtime.toISOString();
  } catch {
    return null;
  }
}

/** Who ran the benchmark on what: cores, memory, load, versions, commit. */
export function describeMachine(workspaceRoot: string, busyPercentBefore: number): MachineInfo {
  const status = run('git', ['status', '--porcelain', '--', 'apps', 'libs'], workspaceRoot);
  return {
    hostname: hostname(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryBytes: totalmem(),
    loadAverageStart: loadavg(),
    loadAverageEnd: [],
    busyPercentBefore,
    os: `${type()} ${release()}`,
    node: process.version,
    nginx: nginxVersion(),
    wrk: run('sh', ['-c', 'wrk -v 2>&1 | head -1'], workspaceRoot)?.replace(/ Copyright.*$/, '') ?? null,
    gitCommit: run('git', ['rev-parse', 'HEAD'], workspaceRoot),
    uncommittedAppFiles: status ? status.split('\n').filter(Boolean).length : 0,
  };
}
