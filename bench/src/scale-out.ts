import type { ProxyAggregate, ValidationResults } from './results';

/**
 * The scale-out comparison of `npm run bench -- --replicas=N`: the same stack measured
 * through one replica and through all N, side by side. Throughput: the target `gateway`
 * (one gateway, called directly) against `gateways` (nginx's entry, round robin over the
 * N gateways), at each concurrency. Validation: the burst with N validators against the
 * same burst with one (the others stopped, so the consumer group gives it every partition).
 */

type Burst = ValidationResults['burst'];

export interface ThroughputComparison {
  concurrency: number;
  one: Pick<ProxyAggregate, 'rps' | 'latencyMs' | 'errors' | 'proxyCpuUsPerRequest' | 'machineBusyPercent'> | null;
  all: Pick<ProxyAggregate, 'rps' | 'latencyMs' | 'errors' | 'proxyCpuUsPerRequest' | 'machineBusyPercent'> | null;
  /** all.rps / one.rps; null when a side is missing. */
  speedup: number | null;
}

export interface ScaleOutResults {
  replicas: number;
  cores: number;
  throughput: ThroughputComparison[];
  burst: { one: Burst; all: Burst; speedup: number | null } | null;
}

const pick = (a: ProxyAggregate | undefined): ThroughputComparison['one'] =>
  a ? { rps: a.rps, latencyMs: a.latencyMs, errors: a.errors, proxyCpuUsPerRequest: a.proxyCpuUsPerRequest, machineBusyPercent: a.machineBusyPercent } : null;

/** One row per concurrency: one gateway against nginx's entry over all of them. */
export function compareThroughput(aggregates: readonly ProxyAggregate[], concurrencies: readonly number[]): ThroughputComparison[] {
  return concurrencies.map((concurrency) => {
    const one = pick(aggregates.find((a) => a.target === 'gateway' && a.concurrency === concurrency));
    const all = pick(aggregates.find((a) => a.target === 'gateways' && a.concurrency === concurrency));
    return { concurrency, one, all, speedup: one && all && one.rps > 0 ? all.rps / one.rps : null };
  });
}

/** How much faster the burst settled with all validators; null when either side did not settle. */
export function burstSpeedup(one: Burst, all: Burst): number | null {
  if (one.allSettledSeconds === null || all.allSettledSeconds === null || all.allSettledSeconds <= 0) return null;
  return one.allSettledSeconds / all.allSettledSeconds;
}

export function scaleOutResults(o: { replicas: number; cores: number; aggregates: readonly ProxyAggregate[] | undefined; concurrencies: readonly number[]; burstOne: Burst | undefined; burstAll: Burst | undefined }): ScaleOutResults {
  return {
    replicas: o.replicas,
    cores: o.cores,
    throughput: o.aggregates ? compareThroughput(o.aggregates, o.concurrencies) : [],
    burst: o.burstOne && o.burstAll ? { one: o.burstOne, all: o.burstAll, speedup: burstSpeedup(o.burstOne, o.burstAll) } : null,
  };
}
