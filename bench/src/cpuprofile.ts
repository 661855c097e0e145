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
  totalMs: number;
  idleMs: number;
  busyMs: number;
  /** Time spent in the function itself. */
  self: ProfileEntry[];
  /** Time spent in the function or anything it called (each sample counted once per function). */
  inclusive: ProfileEntry[];
  /** Self time grouped by where the code lives: an npm package, node's internals, the project's own files, GC. */
  byPackage: ProfileEntry[];
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

/** Summarises a profile; `root` is stripped from file paths; lists are cut to `top` entries each. */
export function summarizeProfile(profile: CpuProfile, root = '', top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const packages = new Map<string, number>();
  let totalUs = 0;
  let idleUs = 0;
  const add = (map: Map<string, number>, key: string, us: number): void => {
    map.set(key, (map.get(key) ?? 0) + us);
  };

  for (let i = 0; i < profile.samples.length; i++) {
    // timeDeltas[i] is the time since the previous sample; it belongs to sample i-1, but
    // with ~1 ms sampling the shift does not matter; the next delta is used when present.
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
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)!.callFrame;
      if (frame.functionName === '(root)') break;
      const name = frameName(frame, root);
      if (seen.has(name)) continue;
      seen.add(name);
      add(inclusive, name, us);
    }
  }

  const busyUs = totalUs - idleUs;
  const list = (map: Map<string, number>): ProfileEntry[] =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, percent: busyUs > 0 ? (100 * us) / busyUs : 0, ms: us / 1000 }));
  return { totalMs: totalUs / 1000, idleMs: idleUs / 1000, busyMs: busyUs / 1000, self: list(self), inclusive: list(inclusive), byPackage: list(packages) };
}
