import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { type PidFiles } from './pid-files';

export interface LaunchOptions {
  /** Names the process in errors and, with `pidFiles`, its pid file. */
  name: string;
  command: string;
  args: string[];
  cwd: string;
  /** The whole environment of the process (nothing is inherited unless passed here). */
  env: NodeJS.ProcessEnv;
  /** stdout and stderr are appended to this file; without it (and without `pipeOutput`) they are discarded. */
  logFile?: string;
  /** stdout and stderr are pipes the caller reads (`child.stdout`, `child.stderr`), e.g. for a line the process prints once it listens. */
  pipeOutput?: boolean;
  /** Own process group, not waited for: it outlives the launcher (`npm run up`, the reliability stack). */
  detached: boolean;
  /** Records the pid as `<name>.pid` there. */
  pidFiles?: PidFiles;
}

/**
 * The one way the stack scripts (tools/stack), the reliability tier, the tests and the
 * benchmark start a long-running process: its output appended to a log file (or piped
 * to the caller), optionally detached with a pid file. Node-only imports, so Jest's global setups and the benchmark can load
 * this file by path.
 */
export function launchProcess(options: LaunchOptions): ChildProcess & { pid: number } {
  let out: number | 'ignore' | 'pipe' = options.pipeOutput ? 'pipe' : 'ignore';
  if (options.logFile && !options.pipeOutput) {
    mkdirSync(dirname(options.logFile), { recursive: true });
    out = openSync(options.logFile, 'a');
  }
  let child: ChildProcess;
  try {
    child = spawn(options.command, options.args, { cwd: options.cwd, env: options.env, stdio: ['ignore', out, out], detached: options.detached });
  } finally {
    if (typeof out === 'number') closeSync(out);
  }
  if (child.pid === undefined) {
    child.once('error', () => undefined); // reported by the throw below
    throw new Error(`${options.name} did not start (${options.command} could not be spawned)`);
  }
  if (options.detached) child.unref();
  options.pidFiles?.write(options.name, child.pid);
  return child as ChildProcess & { pid: number };
}
