/** Reads a V8 .cpuprofile (node --cpu-prof) into self and inclusive time per function and per package. */

export interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number };
    hitCount?: number;
    children?: number[];
  }>;
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileEntry {
  /** `functionName (file:line)`; `(anonymous)` for unnamed functions. */
  name: string;
  /** Share of the busy (non-idle) samples, in percent. */
  percent: number;
  ms: number;
}

export interface ProfileSummary {
  /** Sampled time inside the windows (all of it without windows). */
  totalMs: number;
  idleMs: number;
  busyMs: number;
  /** Time spent in the function itself. */
  self: ProfileEntry[];
  /** Time spent in the function or anything it called (each sample counted once per function). */
  inclusive: ProfileEntry[];
  /** Inclusive time of the project's own functions (apps/, libs/) only: where the request path spends, framework frames left out. */
  ownInclusive: ProfileEntry[];
  /** Self time grouped by where the code lives: an npm package, node's internals, the project's own files, GC. */
  byPackage: ProfileEntry[];
  /** Inclusive time by package: each sample counted once for every package on its stack. */
  byPackageInclusive: ProfileEntry[];
  /** With `steps`: every busy sample in exactly one step (the first, in the given order, with a frame on the sample's stack), all steps listed. */
  bySteps?: ProfileEntry[];
}

/**
 * A step of the request path, for `SummaryOptions.steps`: a sample belongs to it when a
 * frame of its stack matches `frames`, tested against `name (file:line)` as the summary
 * prints it (GC and other V8 pseudo-frames by their name, e.g. `(garbage collector)`).
 */
export interface ProfileStep {
  name: string;
  frames: RegExp;
}

/** What is left when no step matches a sample. */
export const UNMATCHED_STEP = '(other: runtime, event loop, I/O not caused by a step)';

/** A stretch of time on the monotonic clock in microseconds (process.hrtime, which V8's profile timestamps share on Linux). */
export interface TimeWindow {
  fromUs: number;
  toUs: number;
}

export interface SummaryOptions {
  /** Stripped from file paths. */
  root?: string;
  /** Entries per list. */
  top?: number;
  /** Only samples taken inside one of these windows count (e.g. the measured load runs, not start-up). */
  windows?: readonly TimeWindow[];
  /** Splits the busy time into these steps, in priority order (`bySteps`). */
  steps?: readonly ProfileStep[];
}

const IDLE = new Set(['(idle)']);

/** Where a function lives: `node_modules/<pkg>` (scoped packages kept whole), `node:internal`, the project's path, or a V8 pseudo-frame. */
export function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1]!;
  const project = /\/(dist\/)?((?:apps|libs)\/[^/]+)\//.exec(url);
  if (project) return project[2]!;
  return url.replace(/^file:\/\//, '');
}

function frameName(frame: CpuProfile['nodes'][number]['callFrame'], root: string): string {
  const fn = frame.functionName || '(anonymous)';
  if (!frame.url) return fn;
  const file = frame.url.replace(/^file:\/\//, '').replace(root, '').replace(/^.*node_modules\//, '');
  return `${fn} (${file}:${frame.lineNumber + 1})`;
}

function isOwnCode(url: string): boolean {
  return /\/(apps|libs)\//.test(url) && !url.includes('node_modules');
}

/** Summarises a profile: self, inclusive and per-package time, as shares of the busy (non-idle) samples. */
export function summarizeProfile(profile: CpuProfile, options: SummaryOptions = {}): ProfileSummary {
  const { root = '', top = 25, windows, steps } = options;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const own = new Map<string, number>();
  const packages = new Map<string, number>();
  const packagesInclusive = new Map<string, number>();
  const stepTimes = new Map<string, number>((steps ?? []).map((step) => [step.name, 0]));
  stepTimes.set(UNMATCHED_STEP, 0);
  let totalUs = 0;
  let idleUs = 0;
  const add = (map: Map<string, number>, key: string, us: number): void => {
    map.set(key, (map.get(key) ?? 0) + us);
  };

  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    // timeDeltas[i] is the time from the previous sample to this one; the time this
    // sample stands for is the gap to the next one (the last sample reuses its own).
    at += profile.timeDeltas[i] ?? 0;
    if (windows && !windows.some((w) => at >= w.fromUs && at <= w.toUs)) continue;
    const us = profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0;
    totalUs += us;
    const node = byId.get(profile.samples[i]!);
    if (!node) continue;
    if (IDLE.has(node.callFrame.functionName)) {
      idleUs += us;
      continue;
    }
    add(self, frameName(node.callFrame, root), us);
    add(packages, packageOf(node.callFrame.url, node.callFrame.functionName), us);
    const seen = new Set<string>();
    const stack: string[] = [];
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)!.callFrame;
      if (frame.functionName === '(root)') break;
      const name = frameName(frame, root);
      if (steps) stack.push(name);
      const pkg = `package ${packageOf(frame.url, frame.functionName)}`;
      if (!seen.has(pkg)) {
        seen.add(pkg);
        add(packagesInclusive, pkg.slice('package '.length), us);
      }
      if (seen.has(name)) continue;
      seen.add(name);
      add(inclusive, name, us);
      if (isOwnCode(frame.url)) add(own, name, us);
    }
    if (steps) add(stepTimes, steps.find((step) => stack.some((name) => step.frames.test(name)))?.name ?? UNMATCHED_STEP, us);
  }

  const busyUs = totalUs - idleUs;
  const list = (map: Map<string, number>): ProfileEntry[] =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, percent: busyUs > 0 ? (100 * us) / busyUs : 0, ms: us / 1000 }));
  return {
    totalMs: totalUs / 1000,
    idleMs: idleUs / 1000,
    busyMs: busyUs / 1000,
    self: list(self),
    inclusive: list(inclusive),
    ownInclusive: list(own),
    byPackage: list(packages),
    byPackageInclusive: list(packagesInclusive),
    ...(steps ? { bySteps: [...stepTimes.entries()].map(([name, us]) => ({ name, percent: busyUs > 0 ? (100 * us) / busyUs : 0, ms: us / 1000 })) } : {}),
  };
}
