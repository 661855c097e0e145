import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Reads of /proc: a process's resident memory and CPU time, the machine's CPU counters. */

export interface Memory {
  rssBytes: number;
  hwmBytes: number;
}

/** VmRSS and VmHWM (peak RSS since the process started) from /proc/<pid>/status text. */
export function parseStatusMemory(text: string): Memory {
  const kb = (name: string): number => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(text);
    if (!match) throw new Error(`no ${name} in /proc/<pid>/status`);
    return Number(match[1]) * 1024;
  };
  return { rssBytes: kb('VmRSS'), hwmBytes: kb('VmHWM') };
}

/** utime + stime (clock ticks) and the parent pid from /proc/<pid>/stat text; the command name may hold spaces and parentheses. */
export function parseStat(text: string): { ppid: number; cpuTicks: number } {
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
  return { ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
}

/** Busy and total jiffies of all CPUs from the first line of /proc/stat (idle and iowait count as not busy). */
export function parseMachineCpu(text: string): { busy: number; total: number } {
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) throw new Error('no cpu line in /proc/stat');
  const values = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = values.reduce((sum, v) => sum + v, 0);
  const idle = values[3]! + values[4]!;
  return { busy: total - idle, total };
}

export function readMemory(pid: number): Memory {
  return parseStatusMemory(readFileSync(`/proc/${pid}/status`, 'utf8'));
}

let clockTicks: number | undefined;
/** Clock ticks per second of /proc CPU times (getconf CLK_TCK, almost always 100). */
export function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** CPU seconds (user + system) used so far by the processes, summed; a process that is gone counts 0. */
export function cpuSeconds(pids: readonly number[]): number {
  let seconds = 0;
  for (const used of cpuByPid(pids).values()) seconds += used;
  return seconds;
}

/** CPU seconds (user + system) used so far by each of the processes; one that is gone is left out. */
export function cpuByPid(pids: readonly number[]): Map<number, number> {
  const seconds = new Map<number, number>();
  for (const pid of pids) {
    try {
      seconds.set(pid, parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8')).cpuTicks / ticksPerSecond());
    } catch {
      // exited
    }
  }
  return seconds;
}

/** CPU seconds used between two `cpuByPid` readings, by the processes present in both (one that started or exited between them is left out). */
export function cpuBetween(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number {
  let seconds = 0;
  for (const [pid, end] of after) {
    const start = before.get(pid);
    if (start !== undefined) seconds += end - start;
  }
  return seconds;
}

/** The pids of the processes whose command name (/proc/<pid>/comm) is one of `names`. */
export function pidsNamed(names: readonly string[]): number[] {
  const wanted = new Set(names);
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (wanted.has(readFileSync(`/proc/${entry}/comm`, 'utf8').trim())) pids.push(Number(entry));
    } catch {
      // exited
    }
  }
  return pids;
}

export function machineCpu(): { busy: number; total: number } {
  return parseMachineCpu(readFileSync('/proc/stat', 'utf8'));
}

/** Share of the machine's CPU time that was busy between two /proc/stat readings, in percent. */
export function busyPercent(before: { busy: number; total: number }, after: { busy: number; total: number }): number {
  const total = after.total - before.total;
  return total > 0 ? (100 * (after.busy - before.busy)) / total : 0;
}

/** How busy the machine is right now: /proc/stat sampled over a short window. */
export async function measureBusyPercent(windowMs: number): Promise<number> {
  const before = machineCpu();
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  return busyPercent(before, machineCpu());
}

/** The pids whose parent is `pid` (nginx's workers under its master). */
export function childPids(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (parseStat(readFileSync(`/proc/${entry}/stat`, 'utf8')).ppid === pid) children.push(Number(entry));
    } catch {
      // gone between readdir and read
    }
  }
  return children;
}

/** Samples a process's VmRSS at a fixed interval; the peak is what the benchmark reports. */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  private peak = 0;
  private samples = 0;

  constructor(
    readonly pid: number,
    private readonly intervalMs = 100,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  stop(): { peakRssBytes: number; hwmBytes: number | null; samples: number } {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    let hwmBytes: number | null = null;
    try {
      hwmBytes = readMemory(this.pid).hwmBytes;
    } catch {
      // exited
    }
    return { peakRssBytes: this.peak, hwmBytes, samples: this.samples };
  }

  private sample(): void {
    try {
      this.peak = Math.max(this.peak, readMemory(this.pid).rssBytes);
      this.samples += 1;
    } catch {
      // exited
    }
  }
}
