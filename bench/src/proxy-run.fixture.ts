import type { ProxyRun } from './results';

/** One wrk run as the benchmark records it, for the pure functions' specs (aggregate, report, scale-out). */
export function proxyRun(target: ProxyRun['target'], concurrency: number, round: number, rps: number, p50: number, extra: Partial<ProxyRun> = {}): ProxyRun {
  return {
    target,
    concurrency,
    round,
    requests: rps * 10,
    durationSeconds: 10,
    rps,
    latencyMs: { min: p50 / 2, mean: p50, p50, p90: p50 * 1.2, p99: p50 * 2, p999: p50 * 3, max: p50 * 10 },
    errors: { connect: 0, read: 0, write: 0, status: 0, timeout: 0, total: 0 },
    loadGeneratorCpuSeconds: 1,
    proxyCpuSeconds: target === 'direct' ? null : 2,
    mockCpuSeconds: 3,
    platformCpuSeconds: target === 'gateway' ? 4 : 0,
    machineBusyPercent: 90,
    window: { fromUs: round * 1e6, toUs: round * 1e6 + 1e5 },
    ...extra,
  };
}
