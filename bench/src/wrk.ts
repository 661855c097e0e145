import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** What one wrk run measured (closed loop: each connection sends its next request when the last one is answered). */
export interface LoadResult {
  requests: number;
  durationSeconds: number;
  rps: number;
  /** Latency in milliseconds (wrk records microseconds). */
  latencyMs: { min: number; mean: number; p50: number; p90: number; p99: number; p999: number; max: number };
  errors: { connect: number; read: number; write: number; status: number; timeout: number; total: number };
  /** CPU seconds the load generator itself used (user + system), from bash's `times`. */
  loadGeneratorCpuSeconds: number | null;
}

export interface WrkRun {
  url: string;
  connections: number;
  durationSeconds: number;
  body: string;
  authorization: string;
  /** Pin wrk to this CPU with taskset (null: let the scheduler place it). */
  cpu: number | null;
  timeoutSeconds?: number;
}

const MARKER = 'BENCH_RESULT ';

interface RawWrkResult {
  requests: number;
  durationUs: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
  latencyUs: { min: number; mean: number; max: number; p50: number; p90: number; p99: number; p999: number };
}

/** The command line, as an argv for bash: `times` afterwards reports wrk's own CPU use. */
export function wrkArgs(run: WrkRun, scriptPath: string): string[] {
  const wrk = ['wrk', '-t1', `-c${run.connections}`, `-d${run.durationSeconds}s`, `--timeout`, `${run.timeoutSeconds ?? 5}s`, '-s', scriptPath, run.url];
  return run.cpu === null ? wrk : ['taskset', '-c', String(run.cpu), ...wrk];
}

/** Parses the output of `wrk -s post.lua …; times` into a LoadResult. Throws when wrk printed no summary. */
export function parseWrkOutput(stdout: string): LoadResult {
  const line = stdout.split('\n').find((l) => l.startsWith(MARKER));
  if (!line) throw new Error(`wrk printed no summary:\n${stdout.slice(-2000)}`);
  const raw = JSON.parse(line.slice(MARKER.length)) as RawWrkResult;
  const durationSeconds = raw.durationUs / 1e6;
  const ms = (us: number): number => us / 1000;
  const e = raw.errors;
  return {
    requests: raw.requests,
    durationSeconds,
    rps: durationSeconds > 0 ? raw.requests / durationSeconds : 0,
    latencyMs: {
      min: ms(raw.latencyUs.min),
      mean: ms(raw.latencyUs.mean),
      p50: ms(raw.latencyUs.p50),
      p90: ms(raw.latencyUs.p90),
      p99: ms(raw.latencyUs.p99),
      p999: ms(raw.latencyUs.p999),
      max: ms(raw.latencyUs.max),
    },
    errors: { ...e, total: e.connect + e.read + e.write + e.status + e.timeout },
    loadGeneratorCpuSeconds: parseChildTimes(stdout),
  };
}

/**
 * bash's `times` prints two lines, the shell's and its children's user and system
 * time (`0m1.250s 0m0.310s`); the second is the load generator's. Null when absent.
 */
export function parseChildTimes(stdout: string): number | null {
  const lines = stdout.split('\n').filter((l) => /^\d+m[\d.]+s \d+m[\d.]+s$/.test(l.trim()));
  const children = lines[1];
  if (!children) return null;
  const seconds = children
    .trim()
    .split(' ')
    .map((part) => {
      const match = /^(\d+)m([\d.]+)s$/.exec(part)!;
      return Number(match[1]) * 60 + Number(match[2]);
    });
  return seconds[0]! + seconds[1]!;
}

/** Runs wrk once and returns its figures; rejects when wrk fails or prints no summary. */
export async function runWrk(run: WrkRun, workspaceRoot: string): Promise<LoadResult> {
  const script = join(workspaceRoot, 'bench/wrk/post.lua');
  const argv = wrkArgs(run, script);
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = spawn('bash', ['-c', '"$@"; rc=$?; times; exit $rc', 'bash', ...argv], {
      env: { PATH: process.env['PATH'] ?? '', BENCH_BODY: run.body, BENCH_AUTHORIZATION: run.authorization },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`wrk exited with ${code}: ${err}${out}`.slice(0, 4000)))));
  });
  return parseWrkOutput(stdout);
}
