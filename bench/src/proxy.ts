import { aggregateRuns, headlineFigures } from './aggregate';
import { busyPercent, cpuBetween, cpuByPid, cpuSeconds, machineCpu, RssSampler } from './proc';
import { type ProxyResults, type ProxyRun, type ProxyTarget, PROXY_TARGETS } from './results';
import { round } from './stats';
import { runWrk } from './wrk';

/** Scenario 1: non-streaming chat completions straight to the mock, through nginx, through the gateway. */

export interface Endpoint {
  /** Full URL of POST /v1/chat/completions. */
  url: string;
  authorization: string;
  body: string;
  /** The processes doing the proxying (CPU per request); empty for the direct call. */
  proxyPids: () => number[];
}

export interface ProxyOptions {
  workspaceRoot: string;
  endpoints: Record<ProxyTarget, Endpoint>;
  /** The targets to load (a subset for experiments). */
  targets: readonly ProxyTarget[];
  concurrencies: number[];
  rounds: number;
  durationSeconds: number;
  warmupSeconds: number;
  loadGeneratorCpu: number | null;
  mockPid: number;
  /** The platform's other processes on this machine (registry, Kafka, PostgreSQL, ...), looked up before each run. */
  platformPids: () => number[];
  gatewayPid: number;
  gatewayIsOwn: boolean;
  log: (line: string) => void;
}

function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** One request per target before any load, so that a misconfiguration fails with its reason instead of a wall of errors. */
export async function checkEndpoint(target: ProxyTarget, e: Endpoint): Promise<void> {
  const response = await fetch(e.url, { method: 'POST', headers: { authorization: e.authorization, 'content-type': 'application/json' }, body: e.body, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${target}: POST ${e.url} answered ${response.status}: ${text.slice(0, 500)}`);
}

/** The order of the targets in a round: rotated each round so that none always runs first (or right after another one's load). */
export function targetOrder(round: number, targets: readonly ProxyTarget[] = PROXY_TARGETS): ProxyTarget[] {
  const shift = round % targets.length;
  return [...targets.slice(shift), ...targets.slice(0, shift)];
}

export async function runProxyScenario(o: ProxyOptions): Promise<ProxyResults> {
  for (const target of o.targets) await checkEndpoint(target, o.endpoints[target]);
  const memory = new RssSampler(o.gatewayPid, 100);
  memory.start();
  const runs: ProxyRun[] = [];
  let memoryFigures: ReturnType<RssSampler['stop']>;
  try {
    for (const concurrency of o.concurrencies) {
      for (let roundIndex = 0; roundIndex < o.rounds; roundIndex++) {
        for (const target of targetOrder(roundIndex, o.targets)) {
          const e = o.endpoints[target];
          const wrk = { url: e.url, body: e.body, authorization: e.authorization, connections: concurrency, cpu: o.loadGeneratorCpu };
          if (o.warmupSeconds > 0) await runWrk({ ...wrk, durationSeconds: o.warmupSeconds }, o.workspaceRoot);
          const proxyPids = e.proxyPids();
          const platformPids = o.platformPids();
          const before = { proxy: cpuSeconds(proxyPids), mock: cpuSeconds([o.mockPid]), platform: cpuByPid(platformPids), machine: machineCpu() };
          const fromUs = monotonicUs();
          const result = await runWrk({ ...wrk, durationSeconds: o.durationSeconds }, o.workspaceRoot);
          const toUs = monotonicUs();
          const after = { proxy: cpuSeconds(proxyPids), mock: cpuSeconds([o.mockPid]), platform: cpuByPid(platformPids), machine: machineCpu() };
          const run: ProxyRun = {
            ...result,
            target,
            concurrency,
            round: roundIndex + 1,
            proxyCpuSeconds: proxyPids.length ? after.proxy - before.proxy : null,
            mockCpuSeconds: after.mock - before.mock,
            platformCpuSeconds: platformPids.length ? cpuBetween(before.platform, after.platform) : null,
            machineBusyPercent: busyPercent(before.machine, after.machine),
            window: { fromUs, toUs },
          };
          runs.push(run);
          o.log(
            `  c=${concurrency} round ${roundIndex + 1} ${target.padEnd(7)} ${round(run.rps)} rps, p50 ${round(run.latencyMs.p50)} ms, p99 ${round(run.latencyMs.p99)} ms, errors ${run.errors.total}, machine ${Math.round(run.machineBusyPercent)}% busy`,
          );
        }
      }
    }
  } finally {
    memoryFigures = memory.stop();
  }
  const aggregates = aggregateRuns(runs);
  return {
    durationSeconds: o.durationSeconds,
    warmupSeconds: o.warmupSeconds,
    rounds: o.rounds,
    concurrencies: o.concurrencies,
    runs,
    aggregates,
    ...headlineFigures(runs, o.concurrencies),
    gatewayMemory: { pid: o.gatewayPid, ...memoryFigures, ownProcess: o.gatewayIsOwn },
  };
}
