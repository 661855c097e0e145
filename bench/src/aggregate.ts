import { median } from './stats';
import type { ProxyAggregate, ProxyRun, ProxyTarget } from './results';

/**
 * Folds the rounds of one target at one concurrency: the median of each per-round
 * figure (a noisy neighbour spoils one round, not the result), the largest max, and
 * the sums of requests and errors.
 */
export function aggregateRuns(runs: readonly ProxyRun[]): ProxyAggregate[] {
  const groups = new Map<string, ProxyRun[]>();
  for (const run of runs) {
    const key = `${run.target}|${run.concurrency}`;
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0]!;
    const requests = group.reduce((sum, r) => sum + r.requests, 0);
    const perRequestUs = (pick: (r: ProxyRun) => number | null): number | null => {
      const values = group.map(pick);
      if (values.some((v) => v === null) || requests === 0) return null;
      return (1e6 * (values as number[]).reduce((sum, v) => sum + v, 0)) / requests;
    };
    return {
      target: first.target,
      concurrency: first.concurrency,
      rounds: group.length,
      rps: median(group.map((r) => r.rps)),
      latencyMs: {
        p50: median(group.map((r) => r.latencyMs.p50)),
        p90: median(group.map((r) => r.latencyMs.p90)),
        p99: median(group.map((r) => r.latencyMs.p99)),
        max: Math.max(...group.map((r) => r.latencyMs.max)),
      },
      errors: group.reduce((sum, r) => sum + r.errors.total, 0),
      requests,
      proxyCpuUsPerRequest: first.target === 'direct' ? null : perRequestUs((r) => r.proxyCpuSeconds),
      mockCpuUsPerRequest: perRequestUs((r) => r.mockCpuSeconds) ?? 0,
      loadGeneratorCpuUsPerRequest: perRequestUs((r) => r.loadGeneratorCpuSeconds),
      machineBusyPercent: median(group.map((r) => r.machineBusyPercent)),
    };
  });
}

export function findAggregate(aggregates: readonly ProxyAggregate[], target: ProxyTarget, concurrency: number): ProxyAggregate | undefined {
  return aggregates.find((a) => a.target === target && a.concurrency === concurrency);
}

/** Added p50 latency over the direct call at the lowest concurrency, and gateway/nginx throughput at the highest. */
export function headlineFigures(
  aggregates: readonly ProxyAggregate[],
  concurrencies: readonly number[],
): { addedLatencyP50Ms: { nginx: number; nodeProxy: number; gateway: number }; throughputRatio: number; nodeProxyThroughputRatio: number } {
  const low = Math.min(...concurrencies);
  const high = Math.max(...concurrencies);
  const p50 = (target: ProxyTarget): number => findAggregate(aggregates, target, low)?.latencyMs.p50 ?? Number.NaN;
  const rps = (target: ProxyTarget): number => findAggregate(aggregates, target, high)?.rps ?? Number.NaN;
  return {
    addedLatencyP50Ms: { nginx: p50('nginx') - p50('direct'), nodeProxy: p50('node-proxy') - p50('direct'), gateway: p50('gateway') - p50('direct') },
    throughputRatio: rps('gateway') / rps('nginx'),
    nodeProxyThroughputRatio: rps('node-proxy') / rps('nginx'),
  };
}
