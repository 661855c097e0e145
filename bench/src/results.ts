import type { ProfileSummary, TimeWindow } from './cpuprofile';
import type { Summary } from './stats';
import type { LoadResult } from './wrk';
import type { ScaleOutResults } from './scale-out';

/** The figures of one benchmark run: printed as a table and written as JSON under bench/results/. */

/**
 * direct: the mock itself; nginx: nginx in front of it; node-proxy: the bare Node.js proxy (bench/src/reference-proxy.ts);
 * node-proxy-usage: the same proxy doing the design's per-request duty, a key check and a usage event journaled and sent
 * to Kafka (bench/src/reference-usage.ts);
 * gateway: Model Garden's gateway (a plain call); deployment: the gateway's `POST /v2/deployments/invoke` (routing and
 * templating included); gateway-cache-hit: the plain call answered by the exact-match cache; gateway-budget: a call to a
 * model with a budget (reserved in Redis before the upstream call, settled after); gateway-traced: a second own gateway
 * exporting every span (100 % sampling) to a local OTLP sink (`--tracing`).
 */
export type ProxyTarget = 'direct' | 'nginx' | 'node-proxy' | 'node-proxy-usage' | 'gateway' | 'gateways' | 'deployment' | 'gateway-cache-hit' | 'gateway-budget' | 'gateway-traced';
/** The default rotation (`gateway-traced` joins it with `--tracing`). */
export const PROXY_TARGETS: readonly ProxyTarget[] = ['direct', 'nginx', 'node-proxy', 'node-proxy-usage', 'gateway', 'deployment', 'gateway-cache-hit', 'gateway-budget'];

export interface ProxyRun extends LoadResult {
  target: ProxyTarget;
  concurrency: number;
  round: number;
  /** CPU seconds of the proxy under test (nginx's workers or the gateway) and of the mock during the measured window. */
  proxyCpuSeconds: number | null;
  mockCpuSeconds: number;
  /**
   * CPU seconds of the platform's other processes on this machine during the window (the
   * registry, validator and experiment worker, the Kafka broker, PostgreSQL, Redis): what
   * a request's usage event, budget or cache costs downstream; null when none was found.
   */
  platformCpuSeconds: number | null;
  /** The whole machine's busy share during the measured window, in percent (other people's work included). */
  machineBusyPercent: number;
  /** The measured window on the monotonic clock (µs), to cut a CPU profile to the load. */
  window: TimeWindow;
}

/** One target at one concurrency, over the rounds: medians of the per-round figures, max of the maxima, sum of errors. */
export interface ProxyAggregate {
  target: ProxyTarget;
  concurrency: number;
  rounds: number;
  rps: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  errors: number;
  requests: number;
  /** CPU time of the proxy per request, in microseconds (null for direct calls). */
  proxyCpuUsPerRequest: number | null;
  mockCpuUsPerRequest: number;
  /** The platform's other processes (ProxyRun.platformCpuSeconds) per request, in microseconds. */
  platformCpuUsPerRequest: number | null;
  loadGeneratorCpuUsPerRequest: number | null;
  machineBusyPercent: number;
}

export interface ProxyResults {
  durationSeconds: number;
  warmupSeconds: number;
  rounds: number;
  concurrencies: number[];
  runs: ProxyRun[];
  aggregates: ProxyAggregate[];
  /** p50 at concurrency 1 over the direct call's, in milliseconds. */
  addedLatencyP50Ms: { nginx: number; nodeProxy: number; gateway: number; deployment?: number };
  /** gateway rps / nginx rps at the highest concurrency. */
  throughputRatio: number;
  /** node-proxy rps / nginx rps at the highest concurrency: what any Node.js proxy reaches here. */
  nodeProxyThroughputRatio: number;
  gatewayMemory: { pid: number; peakRssBytes: number; hwmBytes: number | null; samples: number; ownProcess: boolean };
}

export interface StreamSide {
  headersMs: Summary;
  firstByteMs: Summary;
  lastByteMs: Summary;
  events: number;
  failures: number;
}

export interface StreamingResults {
  iterations: number;
  chunks: number;
  chunkDelayMs: number;
  direct: StreamSide;
  gateway: StreamSide;
  /** p50 of the gateway's first byte minus p50 of the direct one. */
  firstByteDeltaP50Ms: number;
  lastByteDeltaP50Ms: number;
  /** The same streams through the bare Node.js proxy (the same hops as the gateway's), when it ran. */
  nodeProxy?: StreamSide;
  /** p50 of the gateway's first and last byte minus the bare Node.js proxy's (issue 15's streaming target). */
  overNodeProxy?: { firstByteP50Ms: number; lastByteP50Ms: number };
}

export interface ValidationResults {
  sequential: { count: number; activeMs: Summary; failed: number; notActive: number };
  burst: {
    count: number;
    concurrency: number;
    /** Seconds until the registry had accepted every POST. */
    postSeconds: number;
    rejected: number;
    /** Seconds from the first POST until no model was still validating (polled). */
    allSettledSeconds: number | null;
    active: number;
    failed: number;
    /** Still validating when the wait ran out, or never accepted. */
    leftBehind: number;
    /** Per model: createdAt → validatedAt as the registry recorded them. */
    perModelMs: Summary | null;
    timeoutSeconds: number;
  };
  cleanup: 'deleted' | 'kept';
  deleteFailures: number;
}

export type Verdict = 'pass' | 'miss' | 'n/a';

export interface TargetCheck {
  id: string;
  scenario: string;
  target: string;
  measured: string;
  value: number | null;
  verdict: Verdict;
}

export interface MachineInfo {
  hostname: string;
  cpuModel: string;
  cores: number;
  memoryBytes: number;
  loadAverageStart: number[];
  loadAverageEnd: number[];
  /** Share of the machine busy over 2 s before the benchmark started, in percent. */
  busyPercentBefore: number;
  os: string;
  node: string;
  nginx: string | null;
  wrk: string | null;
  gitCommit: string | null;
  /** Files under apps/ and libs/ with uncommitted changes when the run started (the build under test came from the work tree). */
  uncommittedAppFiles: number;
}

export interface BenchResults {
  schema: 1;
  startedAt: string;
  finishedAt: string;
  durationSeconds: number;
  machine: MachineInfo;
  settings: {
    loadGenerator: string;
    loadGeneratorCpu: number | null;
    nginxWorkers: number;
    workspace: string;
    scenarios: string[];
    /** Replicas of each service in the stack under test (`npm run up -- --replicas=N`); absent: 1. */
    replicas?: number;
    /** Which gateway was measured: the stack's, or the benchmark's own with these flags and variables. */
    gateway: {
      own: boolean;
      nodeFlags: string[];
      env: Record<string, string>;
      profiled: boolean;
      pid?: number;
      /** When the measured gateway process started, and when its build (dist/apps/gateway/src/main.js) was written. */
      processStartedAt?: string | null;
      buildWrittenAt?: string | null;
      /** The newest commit touching apps/gateway or libs/ at the time of the run: a build older than it measures older code. */
      lastSourceCommit?: string | null;
    };
  };
  proxy?: ProxyResults;
  streaming?: StreamingResults;
  validation?: ValidationResults;
  experiments?: ExperimentResults;
  usage?: UsageResults;
  profile?: { file: string; what: string; summary: ProfileSummary };
  /** With --profile: the bare Node.js proxy's, the floor the gateway is measured against. */
  referenceProfile?: { file: string; what: string; summary: ProfileSummary };
  /** `--replicas=N`: one replica against all of them (scale-out.ts). */
  scaleOut?: ScaleOutResults;
  targets: TargetCheck[];
}

/** Scenario 4: one experiment run against the mock. */
export interface ExperimentResults {
  cells: number;
  completed: number;
  failed: number;
  seconds: number;
  cellsPerSecond: number;
  /** CPU time (user + system) of the experiment worker process per cell, in milliseconds. */
  workerCpuMsPerCell: number;
  registryCpuMsPerCell: number | null;
  gatewayCpuMsPerCell: number | null;
  /** Of the first column's cells, as the run's aggregates report them. */
  latencyMs: { p50: number | null; p95: number | null };
  concurrencyPerModel: number;
}

/** Scenario 5: GET /v1/usage at each size, and the registry's ingestion rate. */
export interface UsageSizeResult {
  records: number;
  loadSeconds: number;
  loadRecordsPerSecond: number;
  /** GET /v1/usage for the last `days` days, groupBy=model and groupBy=day, in milliseconds. */
  byModelMs: Summary;
  byDayMs: Summary;
}

export interface UsageResults {
  days: number;
  queries: number;
  sizes: UsageSizeResult[];
  /** UsageRecorded events through Kafka until the registry stored them all. */
  ingestion: { events: number; seconds: number; producedSeconds: number; eventsPerSecond: number };
  /** The gateway's highest request rate: this run's proxy scenario, or the newest saved result that has one. */
  gatewayPeakRps: { rps: number; concurrency: number; source: string } | null;
}
