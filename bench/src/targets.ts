import { findAggregate } from './aggregate';
import type { BenchResults, ProxyTarget, TargetCheck, Verdict } from './results';
import { round } from './stats';

/** The performance targets of DESIGN.md, checked against one run's figures. */
export const TARGETS = {
  gatewayAddedLatencyP50Ms: 0.25,
  throughputRatioVsNginx: 0.5,
  streamFirstByteDeltaMs: 1,
  gatewayPeakRssBytes: 150 * 1e6,
  validationP50Ms: 300,
  validationP95Ms: 1000,
  burstSeconds: 60,
  usageReportP95Ms: 200,
} as const;

/** Issue 15's targets, as ratios against the bare Node.js proxy of the same run (the floor of one Node.js hop). */
export const FLOOR_TARGETS = {
  cpuPerRequestRatio: 1.3,
  addedLatencyP50Ms: 0.35,
  throughputRatio: 0.8,
  /** A stream's first byte through the gateway at most this much after the bare proxy's. */
  streamFirstByteOverNodeProxyMs: 0.3,
} as const;

type Input = Pick<BenchResults, 'proxy' | 'streaming' | 'validation'> & Partial<Pick<BenchResults, 'usage'>> & { settings?: Pick<BenchResults['settings'], 'gateway'> };

function verdict(value: number | null | undefined, ok: (v: number) => boolean): Verdict {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  return ok(value) ? 'pass' : 'miss';
}

function show(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'not measured';
  return `${round(value)}${unit}`;
}

/** One row per target; a scenario that did not run gives 'n/a'. Errors in a load run make its rows a miss. */
export function checkTargets(r: Input): TargetCheck[] {
  const checks: TargetCheck[] = [];
  /** A row; `broken` (failed streams, models left behind) makes it a miss whatever the figure. */
  const add = (id: string, scenario: string, target: string, value: number | null | undefined, unit: string, ok: (v: number) => boolean, broken = ''): void => {
    const measured = broken ? `${Number.isFinite(value ?? Number.NaN) ? `${show(value, unit)} ` : ''}(${broken})` : show(value, unit);
    checks.push({ id, scenario, target, measured, value: value ?? null, verdict: broken ? 'miss' : verdict(value, ok) });
  };
  const p = r.proxy;
  if (p) {
    const low = Math.min(...p.concurrencies);
    const high = Math.max(...p.concurrencies);
    const errors = p.aggregates.reduce((sum, a) => sum + a.errors, 0);
    add('gateway-added-latency', `gateway added latency, c=${low} p50`, `≤ ${TARGETS.gatewayAddedLatencyP50Ms} ms`, p.addedLatencyP50Ms.gateway, ' ms', (v) => v <= TARGETS.gatewayAddedLatencyP50Ms);
    const reference = (id: string, scenario: string, value: number, unit: string): void => {
      checks.push({ id, scenario, target: '(reference)', measured: show(value, unit), value: Number.isFinite(value) ? value : null, verdict: 'n/a' });
    };
    reference('nginx-added-latency', `  nginx added latency, c=${low} p50`, p.addedLatencyP50Ms.nginx, ' ms');
    reference('node-proxy-added-latency', `  bare Node.js proxy added latency, c=${low} p50`, p.addedLatencyP50Ms.nodeProxy, ' ms');
    add('throughput-ratio', `gateway/nginx throughput, c=${high}`, `≥ ${TARGETS.throughputRatioVsNginx}`, p.throughputRatio, '', (v) => v >= TARGETS.throughputRatioVsNginx);
    reference('node-proxy-throughput-ratio', `  bare Node.js proxy/nginx throughput, c=${high}`, p.nodeProxyThroughputRatio, '');
    // Against the floor: each of the gateway's paths (/v1 and /v2/deployments/invoke) as a ratio of the bare Node.js proxy.
    const paths: Array<[ProxyTarget, string]> = [
      ['gateway', 'gateway'],
      ['deployment', 'deployments/invoke'],
    ];
    const cpu = (t: ProxyTarget, concurrency: number): number => findAggregate(p.aggregates, t, concurrency)?.proxyCpuUsPerRequest ?? Number.NaN;
    const rps = (t: ProxyTarget): number => findAggregate(p.aggregates, t, high)?.rps ?? Number.NaN;
    for (const [target, name] of paths) {
      if (!p.aggregates.some((a) => a.target === target)) continue;
      for (const concurrency of p.concurrencies) {
        add(`${target}-cpu-ratio-c${concurrency}`, `${name} CPU/request ÷ bare Node.js proxy's, c=${concurrency}`, `≤ ${FLOOR_TARGETS.cpuPerRequestRatio}`, cpu(target, concurrency) / cpu('node-proxy', concurrency), '', (v) => v <= FLOOR_TARGETS.cpuPerRequestRatio);
      }
      const added = target === 'gateway' ? p.addedLatencyP50Ms.gateway : p.addedLatencyP50Ms.deployment;
      add(`${target}-added-latency-floor`, `${name} added latency over direct, c=${low} p50`, `≤ ${FLOOR_TARGETS.addedLatencyP50Ms} ms`, added, ' ms', (v) => v <= FLOOR_TARGETS.addedLatencyP50Ms);
      add(`${target}-throughput-floor`, `${name} throughput ÷ bare Node.js proxy's, c=${high}`, `≥ ${FLOOR_TARGETS.throughputRatio}`, rps(target) / rps('node-proxy'), '', (v) => v >= FLOOR_TARGETS.throughputRatio);
    }
    // The floor of the design rather than of one hop: the bare proxy plus the usage event every request owes.
    if (p.aggregates.some((a) => a.target === 'node-proxy-usage')) {
      for (const concurrency of p.concurrencies) {
        reference(`node-proxy-usage-cpu-ratio-c${concurrency}`, `  bare proxy with usage events CPU/request ÷ bare proxy's, c=${concurrency}`, cpu('node-proxy-usage', concurrency) / cpu('node-proxy', concurrency), '');
        reference(`gateway-cpu-ratio-usage-floor-c${concurrency}`, `  gateway CPU/request ÷ bare proxy with usage events', c=${concurrency}`, cpu('gateway', concurrency) / cpu('node-proxy-usage', concurrency), '');
      }
      reference('node-proxy-usage-throughput-ratio', `  bare proxy with usage events throughput ÷ bare proxy's, c=${high}`, rps('node-proxy-usage') / rps('node-proxy'), '');
      reference('gateway-throughput-usage-floor', `  gateway throughput ÷ bare proxy with usage events', c=${high}`, rps('gateway') / rps('node-proxy-usage'), '');
    }
    const rss = p.gatewayMemory.peakRssBytes;
    const rssText = `${round(rss / 1e6)} MB (${round(rss / 2 ** 20)} MiB)`;
    if (r.settings?.gateway.profiled) {
      checks.push({ id: 'gateway-peak-rss', scenario: 'gateway peak RSS under load', target: `< ${TARGETS.gatewayPeakRssBytes / 1e6} MB`, measured: `${rssText}, under --cpu-prof`, value: rss, verdict: 'n/a' });
    } else {
      checks.push({ id: 'gateway-peak-rss', scenario: 'gateway peak RSS under load', target: `< ${TARGETS.gatewayPeakRssBytes / 1e6} MB`, measured: rssText, value: rss, verdict: rss < TARGETS.gatewayPeakRssBytes ? 'pass' : 'miss' });
    }
    add('load-errors', 'errors in the load runs', '0', errors, '', (v) => v === 0);
  }
  const s = r.streaming;
  if (s) {
    const failures = s.direct.failures + s.gateway.failures;
    add('stream-first-byte', `stream first byte, gateway − direct (p50 of ${s.iterations})`, `≤ ${TARGETS.streamFirstByteDeltaMs} ms`, s.firstByteDeltaP50Ms, ' ms', (v) => v <= TARGETS.streamFirstByteDeltaMs, failures > 0 ? `${failures} failed streams` : '');
    if (s.nodeProxy && s.overNodeProxy) {
      const broken = failures + s.nodeProxy.failures > 0 ? `${failures + s.nodeProxy.failures} failed streams` : '';
      const floor = FLOOR_TARGETS.streamFirstByteOverNodeProxyMs;
      add('stream-first-byte-floor', `stream first byte, gateway − bare Node.js proxy (p50 of ${s.iterations})`, `≤ ${floor} ms`, s.overNodeProxy.firstByteP50Ms, ' ms', (v) => v <= floor, broken);
      checks.push({ id: 'stream-last-byte-floor', scenario: '  stream last byte, gateway − bare Node.js proxy (p50)', target: '(reference)', measured: show(s.overNodeProxy.lastByteP50Ms, ' ms'), value: s.overNodeProxy.lastByteP50Ms, verdict: 'n/a' });
    }
  }
  const v = r.validation;
  if (v) {
    const incomplete = v.sequential.failed + v.sequential.notActive;
    const note = incomplete > 0 ? `${incomplete} of ${v.sequential.count} not active` : '';
    add('validation-p50', `model added → active, p50 of ${v.sequential.count}`, `< ${TARGETS.validationP50Ms} ms`, v.sequential.activeMs.p50, ' ms', (x) => x < TARGETS.validationP50Ms, note);
    add('validation-p95', `model added → active, p95 of ${v.sequential.count}`, `< ${TARGETS.validationP95Ms} ms`, v.sequential.activeMs.p95, ' ms', (x) => x < TARGETS.validationP95Ms, note);
    const b = v.burst;
    const broken = b.leftBehind + b.failed + b.rejected > 0 ? `${b.leftBehind} left behind, ${b.failed} failed, ${b.rejected} rejected` : '';
    add('validation-burst', `${b.count} models in a burst, all active`, `≤ ${TARGETS.burstSeconds} s`, b.allSettledSeconds, ' s', (x) => x <= TARGETS.burstSeconds, broken);
  }
  const u = r.usage;
  if (u && u.sizes.length > 0) {
    const largest = u.sizes.reduce((a, b) => (b.records > a.records ? b : a));
    const smallest = u.sizes.reduce((a, b) => (b.records < a.records ? b : a));
    const p95 = Math.max(largest.byModelMs.p95, largest.byDayMs.p95);
    add('usage-report-p95', `GET /v1/usage, ${u.days} days at ${largest.records.toLocaleString('en')} records, p95 (by model, by day)`, `< ${TARGETS.usageReportP95Ms} ms`, p95, ' ms', (x) => x < TARGETS.usageReportP95Ms);
    if (largest !== smallest) {
      // "No worse than at the smaller size": within 20 % (two p95s of 30 calls on a shared machine).
      const ratio = p95 / Math.max(smallest.byModelMs.p95, smallest.byDayMs.p95);
      add('usage-report-growth', `  p95 at ${largest.records.toLocaleString('en')} / at ${smallest.records.toLocaleString('en')} records`, '≤ 1.2', ratio, '', (x) => x <= 1.2);
    }
    const gateway = u.gatewayPeakRps?.rps;
    add('usage-ingestion', `registry ingestion (events/s) / gateway peak (requests/s)`, '≥ 1', gateway ? u.ingestion.eventsPerSecond / gateway : null, '', (x) => x >= 1);
  }
  return checks;
}
