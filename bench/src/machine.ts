import { execFileSync } from 'node:child_process';
import { cpus, hostname, loadavg, release, totalmem, type } from 'node:os';
import type { MachineInfo } from './results';
import { nginxVersion } from './nginx';

function run(command: string, args: string[], cwd: string): string | null {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
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
