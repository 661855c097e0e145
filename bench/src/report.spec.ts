import { aggregateRuns, headlineFigures } from './aggregate';
import { formatTable, formatTargets, resultFileName, toJson } from './report';
import type { BenchResults, ProxyRun, ValidationResults } from './results';
import { type Summary, summarize } from './stats';
import { checkTargets, TARGETS } from './targets';
import { proxyRun } from './proxy-run.fixture';

const run = proxyRun;

const RUNS: ProxyRun[] = [
  run('direct', 1, 1, 5000, 0.2),
  run('direct', 1, 2, 4000, 0.25),
  run('direct', 1, 3, 4500, 0.3),
  run('nginx', 1, 1, 3500, 0.28),
  run('gateway', 1, 1, 2000, 0.5),
  run('nginx', 32, 1, 12000, 2.5),
  run('gateway', 32, 1, 5000, 6, { errors: { connect: 0, read: 0, write: 0, status: 2, timeout: 1, total: 3 } }),
  run('direct', 32, 1, 15000, 2),
];

describe('aggregateRuns', () => {
  it('takes medians over rounds, the largest max and the sums of requests and errors', () => {
    const direct = aggregateRuns(RUNS).find((a) => a.target === 'direct' && a.concurrency === 1)!;
    expect(direct.rounds).toBe(3);
    expect(direct.rps).toBe(4500);
    expect(direct.latencyMs.p50).toBe(0.25);
    expect(direct.latencyMs.max).toBe(3);
    expect(direct.requests).toBe(135000);
    expect(direct.proxyCpuUsPerRequest).toBeNull();
    expect(direct.mockCpuUsPerRequest).toBeCloseTo((1e6 * 9) / 135000);
  });

  it('gives CPU per request of the proxy in microseconds', () => {
    const gateway = aggregateRuns(RUNS).find((a) => a.target === 'gateway' && a.concurrency === 32)!;
    expect(gateway.proxyCpuUsPerRequest).toBe(40);
    expect(gateway.loadGeneratorCpuUsPerRequest).toBe(20);
    expect(gateway.platformCpuUsPerRequest).toBe(80);
    expect(aggregateRuns(RUNS).find((a) => a.target === 'nginx' && a.concurrency === 32)!.platformCpuUsPerRequest).toBe(0);
    expect(gateway.errors).toBe(3);
  });
});

describe('headlineFigures', () => {
  it('compares p50 at the lowest concurrency and throughput at the highest, within the same round', () => {
    const h = headlineFigures(RUNS, [1, 32]);
    expect(h.addedLatencyP50Ms.nginx).toBeCloseTo(0.08);
    expect(h.addedLatencyP50Ms.gateway).toBeCloseTo(0.3);
    expect(h.throughputRatio).toBeCloseTo(5000 / 12000);
    expect(h.addedLatencyP50Ms.nodeProxy).toBeNaN();
  });

  it('takes the median of the per-round pairs', () => {
    const runs = [1, 2, 3].flatMap((round) => [run('nginx', 32, round, 1000 * round, 1), run('gateway', 32, round, [100, 900, 450][round - 1]!, 1)]);
    // ratios 0.1, 0.45, 0.15: the median is 0.15 (the ratio of the medians would be 450/2000).
    expect(headlineFigures(runs, [1, 32]).throughputRatio).toBeCloseTo(0.15);
  });

  it('is NaN for a target that did not run', () => {
    const h = headlineFigures(
      RUNS.filter((r) => r.target !== 'nginx'),
      [1, 32],
    );
    expect(h.throughputRatio).toBeNaN();
  });
});

function validation(overrides: Partial<ValidationResults['burst']> = {}): ValidationResults {
  return {
    sequential: { count: 50, activeMs: summarize([100, 120, 150, 900]), failed: 0, notActive: 0 },
    burst: { count: 1000, concurrency: 32, postSeconds: 4, rejected: 0, allSettledSeconds: 42, active: 1000, failed: 0, leftBehind: 0, perModelMs: summarize([1, 2]), timeoutSeconds: 120, ...overrides },
    cleanup: 'deleted',
    deleteFailures: 0,
  };
}

function proxy(): NonNullable<BenchResults['proxy']> {
  const aggregates = aggregateRuns(RUNS);
  return {
    durationSeconds: 10,
    warmupSeconds: 2,
    rounds: 3,
    concurrencies: [1, 32],
    runs: RUNS,
    aggregates,
    ...headlineFigures(RUNS, [1, 32]),
    gatewayMemory: { pid: 1, peakRssBytes: 120e6, hwmBytes: 121e6, samples: 10, ownProcess: false },
  };
}

describe('checkTargets', () => {
  it('checks every DESIGN.md target, pass or miss', () => {
    const checks = checkTargets({ proxy: proxy(), validation: validation() });
    const verdicts = Object.fromEntries(checks.map((c) => [c.id, c.verdict]));
    expect(verdicts).toEqual({
      'gateway-added-latency': 'miss',
      'nginx-added-latency': 'n/a',
      'node-proxy-added-latency': 'n/a',
      'throughput-ratio': 'miss',
      'node-proxy-throughput-ratio': 'n/a',
      // Against the floor: the runs here have no bare Node.js proxy, so the ratios are not measured.
      'gateway-cpu-ratio-c1': 'n/a',
      'gateway-cpu-ratio-c32': 'n/a',
      'gateway-added-latency-floor': 'pass',
      'gateway-throughput-floor': 'n/a',
      'gateway-peak-rss': 'pass',
      'load-errors': 'miss',
      'validation-p50': 'pass',
      'validation-p95': 'pass',
      'validation-burst': 'pass',
    });
    expect(checks.find((c) => c.id === 'gateway-added-latency')!.measured).toBe('0.3 ms');
    expect(checks.find((c) => c.id === 'gateway-peak-rss')!.measured).toBe('120 MB (114.44 MiB)');
  });

  it("judges the gateway and deployments/invoke against the bare Node.js proxy of the same run (issue 15's floor)", () => {
    const base = proxy();
    const as = (target: 'node-proxy' | 'deployment', cpu: number, rps: number) =>
      base.aggregates.filter((a) => a.target === 'gateway').map((a) => ({ ...a, target, proxyCpuUsPerRequest: cpu * (a.proxyCpuUsPerRequest ?? 0), rps: rps * a.rps }));
    const aggregates = [...base.aggregates, ...as('node-proxy', 1 / 1.2, 1.1), ...as('deployment', 1.5, 0.5)];
    const checks = checkTargets({ proxy: { ...base, aggregates, addedLatencyP50Ms: { ...base.addedLatencyP50Ms, deployment: 0.5 } } });
    const verdict = (id: string): string | undefined => checks.find((c) => c.id === id)?.verdict;
    expect([verdict('gateway-cpu-ratio-c1'), verdict('gateway-cpu-ratio-c32'), verdict('gateway-throughput-floor')]).toEqual(['pass', 'pass', 'pass']);
    expect(checks.find((c) => c.id === 'gateway-cpu-ratio-c32')!.measured).toBe('1.2');
    expect([verdict('deployment-cpu-ratio-c1'), verdict('deployment-added-latency-floor'), verdict('deployment-throughput-floor')]).toEqual(['miss', 'miss', 'miss']);
    // Without the bare proxy with usage events, no rows about it.
    expect(checks.filter((c) => c.id.includes('usage'))).toEqual([]);
  });

  it('sets the gateway beside the bare proxy with usage events (the design’s floor), as references without a verdict', () => {
    const base = proxy();
    const as = (target: 'node-proxy' | 'node-proxy-usage', cpu: number, rps: number) =>
      base.aggregates.filter((a) => a.target === 'gateway').map((a) => ({ ...a, target, proxyCpuUsPerRequest: cpu * (a.proxyCpuUsPerRequest ?? 0), rps: rps * a.rps }));
    const aggregates = [...base.aggregates, ...as('node-proxy', 0.25, 4), ...as('node-proxy-usage', 0.5, 2.5)];
    const checks = checkTargets({ proxy: { ...base, aggregates } });
    const row = (id: string) => checks.find((c) => c.id === id);
    expect(row('node-proxy-usage-cpu-ratio-c32')).toMatchObject({ measured: '2', value: 2, verdict: 'n/a', target: '(reference)' });
    expect(row('gateway-cpu-ratio-usage-floor-c1')).toMatchObject({ measured: '2', verdict: 'n/a' });
    expect(row('node-proxy-usage-throughput-ratio')).toMatchObject({ measured: '0.625', verdict: 'n/a' });
    expect(row('gateway-throughput-usage-floor')).toMatchObject({ measured: '0.4', verdict: 'n/a' });
    // The targets stay against the bare proxy.
    expect(row('gateway-cpu-ratio-c32')).toMatchObject({ measured: '4', verdict: 'miss' });
  });

  it("judges a stream's first byte against the bare Node.js proxy's when it streamed too, and makes failed streams a miss", () => {
    const side = (firstByte: number, lastByte: number, failures = 0) => ({ headersMs: summarize([firstByte - 0.1]), firstByteMs: summarize([firstByte]), lastByteMs: summarize([lastByte]), events: 203, failures });
    const streaming = (nodeProxyFailures: number) => ({
      iterations: 20,
      chunks: 200,
      chunkDelayMs: 5,
      direct: side(0.8, 1024),
      gateway: side(2.1, 1029),
      firstByteDeltaP50Ms: 1.3,
      lastByteDeltaP50Ms: 5,
      nodeProxy: side(2.3, 1030, nodeProxyFailures),
      overNodeProxy: { firstByteP50Ms: -0.2, lastByteP50Ms: -1 },
    });
    const row = (checks: ReturnType<typeof checkTargets>, id: string) => checks.find((c) => c.id === id);
    const clean = checkTargets({ streaming: streaming(0) });
    expect(row(clean, 'stream-first-byte')).toMatchObject({ verdict: 'miss', measured: '1.3 ms' });
    expect(row(clean, 'stream-first-byte-floor')).toMatchObject({ verdict: 'pass', measured: '-0.2 ms', target: '≤ 0.3 ms' });
    expect(row(clean, 'stream-last-byte-floor')).toMatchObject({ verdict: 'n/a', measured: '-1 ms' });
    expect(row(checkTargets({ streaming: streaming(2) }), 'stream-first-byte-floor')).toMatchObject({ verdict: 'miss', measured: '-0.2 ms (2 failed streams)' });
    const { nodeProxy: _, overNodeProxy: __, ...withoutFloor } = streaming(0);
    expect(row(checkTargets({ streaming: withoutFloor }), 'stream-first-byte-floor')).toBeUndefined();
  });

  it('makes the burst a miss when a model is left behind, whatever the time', () => {
    const burst = checkTargets({ validation: validation({ leftBehind: 3, active: 997, allSettledSeconds: null }) }).find((c) => c.id === 'validation-burst')!;
    expect(burst.verdict).toBe('miss');
    expect(burst.measured).toBe('(3 left behind, 0 failed, 0 rejected)');
  });

  it('says n/a for a figure that could not be measured', () => {
    const p = { ...proxy(), throughputRatio: Number.NaN };
    expect(checkTargets({ proxy: p }).find((c) => c.id === 'throughput-ratio')!.verdict).toBe('n/a');
  });

  it('does not judge memory of a gateway under --cpu-prof (the profiler holds its samples)', () => {
    const settings = { gateway: { own: true, nodeFlags: [], env: {}, profiled: true } };
    expect(checkTargets({ proxy: proxy(), settings }).find((c) => c.id === 'gateway-peak-rss')!.verdict).toBe('n/a');
  });

  it('checks usage reports at the largest size, their growth from the smallest, and ingestion against the gateway peak', () => {
    const summary = (p95: number): Summary => ({ count: 30, min: 1, mean: p95 / 2, p50: p95 / 2, p90: p95, p95, p99: p95, max: p95 });
    const size = (records: number, p95: number) => ({ records, loadSeconds: 1, loadRecordsPerSecond: records, byModelMs: summary(p95), byDayMs: summary(p95 - 1) });
    const usage = (p95At10m: number, eventsPerSecond: number, gateway: number | null) => ({
      days: 30,
      queries: 30,
      sizes: [size(1_000_000, 40), size(10_000_000, p95At10m)],
      ingestion: { events: 1000, seconds: 1, producedSeconds: 0.5, eventsPerSecond },
      gatewayPeakRps: gateway === null ? null : { rps: gateway, concurrency: 32, source: 'this run' },
    });
    const verdicts = (u: ReturnType<typeof usage>) => Object.fromEntries(checkTargets({ usage: u }).map((c) => [c.id, c.verdict]));
    expect(verdicts(usage(30, 3000, 1500))).toEqual({ 'usage-report-p95': 'pass', 'usage-report-growth': 'pass', 'usage-ingestion': 'pass' });
    expect(verdicts(usage(250, 1000, 1500))).toEqual({ 'usage-report-p95': 'miss', 'usage-report-growth': 'miss', 'usage-ingestion': 'miss' });
    expect(verdicts(usage(30, 3000, null))['usage-ingestion']).toBe('n/a');
  });

  it('uses 150 MB (decimal) for memory', () => {
    expect(TARGETS.gatewayPeakRssBytes).toBe(150_000_000);
    const p = { ...proxy(), gatewayMemory: { ...proxy().gatewayMemory, peakRssBytes: 151e6 } };
    expect(checkTargets({ proxy: p }).find((c) => c.id === 'gateway-peak-rss')!.verdict).toBe('miss');
  });
});

describe('formatTable', () => {
  it('aligns columns by code points and rules the header', () => {
    expect(formatTable(['a', 'bb'], [['≤ 1', 'x'], ['22', 'yyy']])).toBe(['a    bb', '---  ---', '≤ 1  x', '22   yyy'].join('\n'));
  });

  it('prints targets with an upper-case verdict and nothing for n/a', () => {
    const text = formatTargets([
      { id: 'x', scenario: 'gateway added latency', target: '≤ 0.25 ms', measured: '0.1 ms', value: 0.1, verdict: 'pass' },
      { id: 'y', scenario: 'nginx', target: '(reference)', measured: '0.02 ms', value: 0.02, verdict: 'n/a' },
    ]);
    expect(text.split('\n')[2]).toBe('gateway added latency  ≤ 0.25 ms    0.1 ms    PASS');
    expect(text.split('\n')[3]).toBe('nginx                  (reference)  0.02 ms');
  });
});

describe('result files', () => {
  it('names a file by the start time without colons', () => {
    expect(resultFileName(new Date('2025-11-25T20:31:07.123Z'))).toBe('2025-11-25T20-31-07Z.json');
  });

  it('writes JSON with floats cut to 4 decimals and NaN as null', () => {
    const json = toJson({ schema: 1, value: 0.123456789, n: Number.NaN, i: 3 } as unknown as BenchResults);
    expect(JSON.parse(json)).toEqual({ schema: 1, value: 0.1235, n: null, i: 3 });
    expect(json.endsWith('}\n')).toBe(true);
  });
});
