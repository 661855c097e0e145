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
      platformCpuUsPerRequest: perRequestUs((r) => r.platformCpuSeconds ?? null),
      loadGeneratorCpuUsPerRequest: perRequestUs((r) => r.loadGeneratorCpuSeconds),
      machineBusyPercent: median(group.map((r) => r.machineBusyPercent)),
    };
  });
}

export function findAggregate(aggregates: readonly ProxyAggregate[], target: ProxyTarget, concurrency: number): ProxyAggregate | undefined {
  return aggregates.find((a) => a.target === target && a.concurrency === concurrency);
}

export interface HeadlineFigures {
  addedLatencyP50Ms: { nginx: number; nodeProxy: number; gateway: number; deployment?: number };
  throughputRatio: number;
  nodeProxyThroughputRatio: number;
}

/**
 * Added p50 latency over the direct call at the lowest concurrency, and throughput
 * over nginx's at the highest, paired within each round (runs a few seconds apart see
 * the same machine) and then the median over the rounds. NaN when a target is missing.
 */
export function headlineFigures(runs: readonly ProxyRun[], concurrencies: readonly number[]): HeadlineFigures {
  const low = Math.min(...concurrencies);
  const high = Math.max(...concurrencies);
  const rounds = [...new Set(runs.map((r) => r.round))];
  const find = (target: ProxyTarget, concurrency: number, round: number): ProxyRun | undefined =>
    runs.find((r) => r.target === target && r.concurrency === concurrency && r.round === round);
  const paired = (pick: (round: number) => number): number => {
    const values = rounds.map(pick).filter((v) => Number.isFinite(v));
    return values.length ? median(values) : Number.NaN;
  };
  const added = (target: ProxyTarget): number =>
    paired((round) => (find(target, low, round)?.latencyMs.p50 ?? Number.NaN) - (find('direct', low, round)?.latencyMs.p50 ?? Number.NaN));
  const ratio = (target: ProxyTarget): number => paired((round) => (find(target, high, round)?.rps ?? Number.NaN) / (find('nginx', high, round)?.rps ?? Number.NaN));
  return {
    addedLatencyP50Ms: { nginx: added('nginx'), nodeProxy: added('node-proxy'), gateway: added('gateway'), deployment: added('deployment') },
    throughputRatio: ratio('gateway'),
    nodeProxyThroughputRatio: ratio('node-proxy'),
  };
}
