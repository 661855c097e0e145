import type { BenchResults, ProxyAggregate, StreamingResults, TargetCheck, UsageResults, ValidationResults } from './results';
import type { ProfileSummary } from './cpuprofile';
import type { ScaleOutResults } from './scale-out';
import { round } from './stats';

/** Plain-text tables for the terminal, and the JSON file of a run. */

/** Left-aligned columns separated by two spaces, with a rule under the header. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c + ' '.repeat(widths[i]! - width(c)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Display width: code points, so that '≤' and '→' count as one column. */
function width(text: string): number {
  return [...text].length;
}

const num = (value: number | null | undefined, unit = ''): string => (value === null || value === undefined || !Number.isFinite(value) ? '—' : `${round(value)}${unit}`);

export function formatTargets(checks: readonly TargetCheck[]): string {
  return formatTable(
    ['scenario', 'target', 'measured', 'result'],
    checks.map((c) => [c.scenario, c.target, c.measured, c.verdict === 'n/a' ? '' : c.verdict.toUpperCase()]),
  );
}

export function formatProxy(aggregates: readonly ProxyAggregate[]): string {
  return formatTable(
    ['target', 'conc', 'rps', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'errors', 'proxy CPU µs/req', 'mock CPU µs/req', 'platform CPU µs/req', 'wrk CPU µs/req', 'machine busy'],
    aggregates.map((a) => [
      a.target,
      String(a.concurrency),
      num(a.rps),
      num(a.latencyMs.p50),
      num(a.latencyMs.p90),
      num(a.latencyMs.p99),
      num(a.latencyMs.max),
      String(a.errors),
      num(a.proxyCpuUsPerRequest),
      num(a.mockCpuUsPerRequest),
      num(a.platformCpuUsPerRequest),
      num(a.loadGeneratorCpuUsPerRequest),
      `${Math.round(a.machineBusyPercent)}%`,
    ]),
  );
}

export function formatStreaming(s: StreamingResults): string {
  const row = (name: string, side: StreamingResults['direct']): string[] => [
    name,
    num(side.headersMs.p50),
    num(side.firstByteMs.p50),
    num(side.firstByteMs.p90),
    num(side.lastByteMs.p50),
    String(side.events),
    String(side.failures),
  ];
  const rows = [row('direct', s.direct), ...(s.nodeProxy ? [row('node-proxy', s.nodeProxy)] : []), row('gateway', s.gateway)];
  return formatTable(['path', 'headers p50 ms', 'first byte p50 ms', 'first byte p90 ms', 'last byte p50 ms', 'events/stream', 'failed'], rows);
}

export function formatValidation(v: ValidationResults): string {
  const s = v.sequential;
  const b = v.burst;
  return formatTable(
    ['phase', 'models', 'p50', 'p95', 'max', 'outcome'],
    [
      ['one at a time, POST ?wait → active', String(s.count), num(s.activeMs.p50, ' ms'), num(s.activeMs.p95, ' ms'), num(s.activeMs.max, ' ms'), `${s.count - s.failed - s.notActive} active, ${s.failed} failed, ${s.notActive} not settled`],
      [
        `burst (${b.concurrency} in flight), createdAt → validatedAt`,
        String(b.count),
        num(b.perModelMs?.p50, ' ms'),
        num(b.perModelMs?.p95, ' ms'),
        num(b.perModelMs?.max, ' ms'),
        `posted in ${num(b.postSeconds, ' s')}, all settled after ${num(b.allSettledSeconds, ' s')}: ${b.active} active, ${b.failed} failed, ${b.leftBehind} left behind, ${b.rejected} rejected`,
      ],
    ],
  );
}

export function formatUsage(u: UsageResults): string {
  const rows = u.sizes.map((s) => [s.records.toLocaleString('en'), `${round(s.loadSeconds)} s`, String(round(s.byModelMs.p50)), String(round(s.byModelMs.p95)), String(round(s.byDayMs.p50)), String(round(s.byDayMs.p95))]);
  const table = formatTable(['records', 'load (fast path)', 'by model p50 ms', 'by model p95 ms', 'by day p50 ms', 'by day p95 ms'], rows);
  const gateway = u.gatewayPeakRps ? `${round(u.gatewayPeakRps.rps)} requests/s at c=${u.gatewayPeakRps.concurrency} (${u.gatewayPeakRps.source})` : 'not measured (run the proxy scenario)';
  return `${table}\ningestion: ${u.ingestion.eventsPerSecond} events/s (${u.ingestion.events} events in ${u.ingestion.seconds} s); gateway peak: ${gateway}`;
}

export function formatProfile(p: ProfileSummary, top = 15): string {
  const rows = (entries: ProfileSummary['self']): string[][] => entries.slice(0, top).map((e) => [`${round(e.percent)}%`, num(e.ms, ' ms'), e.name]);
  return [
    `busy ${num(p.busyMs, ' ms')} of ${num(p.totalMs, ' ms')} sampled`,
    'self time by package:',
    formatTable(['share', 'time', 'package'], rows(p.byPackage)),
    'inclusive time by package (a sample counts for every package on its stack):',
    formatTable(['share', 'time', 'package'], rows(p.byPackageInclusive)),
    'self time by function:',
    formatTable(['share', 'time', 'function'], rows(p.self)),
    "inclusive time of the project's own functions (apps/, libs/):",
    formatTable(['share', 'time', 'function'], rows(p.ownInclusive)),
    ...(p.bySteps
      ? ['busy time by step of the request path (each sample in the first step, in this order, with a frame on its stack):', formatTable(['share', 'time', 'step'], rows(p.bySteps))]
      : []),
  ].join('\n');
}

/** The machine and the run, in one paragraph above the tables. */
export function formatHeader(r: Pick<BenchResults, 'machine' | 'settings' | 'startedAt'>): string {
  const m = r.machine;
  return [
    `Model Garden benchmark, ${r.startedAt}, commit ${m.gitCommit?.slice(0, 12) ?? 'unknown'}${m.uncommittedAppFiles ? ` (+${m.uncommittedAppFiles} uncommitted files under apps/ and libs/)` : ''}`,
    `machine: ${m.cores} × ${m.cpuModel}, ${round(m.memoryBytes / 2 ** 30)} GiB, ${m.os}, Node ${m.node}, ${m.nginx ?? 'no nginx'}, ${m.wrk ?? 'no wrk'}`,
    r.settings.gateway.own
      ? `gateway under test: the benchmark's own${r.settings.gateway.nodeFlags.length ? `, node ${r.settings.gateway.nodeFlags.join(' ')}` : ''}${Object.keys(r.settings.gateway.env).length ? `, ${Object.entries(r.settings.gateway.env).map(([k, v]) => `${k}=${v}`).join(' ')}` : ''}${r.settings.gateway.profiled ? ', under --cpu-prof' : ''}`
      : "gateway under test: the stack's (npm run up)",
    ...(r.settings.gateway.pid
      ? [
          `  pid ${r.settings.gateway.pid}, started ${r.settings.gateway.processStartedAt ?? '?'}; dist/apps/gateway built ${r.settings.gateway.buildWrittenAt ?? '?'}; newest commit under apps/gateway, libs: ${r.settings.gateway.lastSourceCommit ?? '?'}`,
        ]
      : []),
    `load average at start ${m.loadAverageStart.map((l) => round(l)).join(' ')}, machine ${Math.round(m.busyPercentBefore)}% busy in the 2 s before; load generator: ${r.settings.loadGenerator}${r.settings.loadGeneratorCpu === null ? ', not pinned' : `, pinned to CPU ${r.settings.loadGeneratorCpu}`}`,
  ].join('\n');
}

/** File name of a run's JSON: the start time, with characters that are awkward in file names replaced. */
export function resultFileName(startedAt: Date): string {
  return `${startedAt.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}.json`;
}

/** JSON with floats cut to 4 decimals and non-finite numbers as null. */
export function toJson(results: BenchResults): string {
  return `${JSON.stringify(results, (_key, value: unknown) => (typeof value === 'number' ? (Number.isFinite(value) ? (Number.isInteger(value) ? value : Math.round(value * 1e4) / 1e4) : null) : value), 2)}\n`;
}

/** `--replicas=N`: one replica and all N side by side, and what the machine's cores allow to conclude. */
export function formatScaleOut(s: ScaleOutResults): string {
  const all = `${s.replicas} replicas`;
  const ratio = (value: number | null): string => (value === null ? '—' : `×${value.toFixed(2)}`);
  const rows: string[][] = [];
  for (const t of s.throughput) {
    rows.push([`chat completions c=${t.concurrency}: requests/s`, num(t.one?.rps), num(t.all?.rps), ratio(t.speedup)]);
    rows.push([`  p50 / p99 ms`, t.one ? `${num(t.one.latencyMs.p50)} / ${num(t.one.latencyMs.p99)}` : '—', t.all ? `${num(t.all.latencyMs.p50)} / ${num(t.all.latencyMs.p99)}` : '—', '']);
    rows.push([`  CPU µs/request (gateways, + nginx on the entry)`, num(t.one?.proxyCpuUsPerRequest), num(t.all?.proxyCpuUsPerRequest), '']);
    rows.push([`  errors, machine busy`, t.one ? `${t.one.errors}, ${Math.round(t.one.machineBusyPercent)}%` : '—', t.all ? `${t.all.errors}, ${Math.round(t.all.machineBusyPercent)}%` : '—', '']);
  }
  if (s.burst) {
    const b = s.burst;
    const outcome = (x: typeof b.one): string => `${x.active} active, ${x.failed} failed, ${x.leftBehind} left behind`;
    rows.push([`validation burst of ${b.all.count} models: all settled after`, num(b.one.allSettledSeconds, ' s'), num(b.all.allSettledSeconds, ' s'), ratio(b.speedup)]);
    rows.push(['  per model createdAt → validatedAt p50 / p95', `${num(b.one.perModelMs?.p50, ' ms')} / ${num(b.one.perModelMs?.p95, ' ms')}`, `${num(b.all.perModelMs?.p50, ' ms')} / ${num(b.all.perModelMs?.p95, ' ms')}`, '']);
    rows.push(['  outcome', outcome(b.one), outcome(b.all), '']);
  }
  const table = formatTable(['measure', 'one replica', all, 'ratio'], rows);
  return `${table}\n${scaleOutNote(s.cores, s.replicas)}`;
}

/** What a ratio measured on this machine says, and does not say, about more cores. */
export function scaleOutNote(cores: number, replicas: number): string {
  const bounded =
    cores <= replicas
      ? `This machine has ${cores} cores for ${replicas} gateways (or validators), nginx, wrk, the mock, the registries, PostgreSQL, Redis and Kafka: the replicas compete for the same cores, so the ratio is bounded by the CPU left over, not by the design.`
      : `This machine has ${cores} cores; the ${replicas} replicas still share them with nginx, wrk, the mock, the registries and the infrastructure.`;
  return `${bounded} Each replica is one Node.js process (one event loop, about one core at most): with a free core per replica (and the mock, wrk and infrastructure elsewhere), throughput is expected to grow close to ×${replicas}, less nginx's CPU per request; see bench/README.md (Scale-out).`;
}
