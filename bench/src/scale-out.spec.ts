import { aggregateRuns } from './aggregate';
import { formatScaleOut, scaleOutNote } from './report';
import type { ValidationResults } from './results';
import { burstSpeedup, compareThroughput, scaleOutResults } from './scale-out';
import { summarize } from './stats';
import { proxyRun } from './proxy-run.fixture';

const run = proxyRun;

function burst(allSettledSeconds: number | null, active = 100): ValidationResults['burst'] {
  return { count: 100, concurrency: 32, postSeconds: 1, rejected: 0, allSettledSeconds, active, failed: 0, leftBehind: 100 - active, perModelMs: summarize([100, 200, 300]), timeoutSeconds: 120 };
}

const AGGREGATES = aggregateRuns([
  run('gateway', 1, 1, 1000, 1),
  run('gateways', 1, 1, 900, 1.1),
  run('gateway', 32, 1, 2000, 15),
  run('gateway', 32, 2, 2200, 14),
  run('gateways', 32, 1, 2600, 12),
  run('gateways', 32, 2, 3000, 11),
  run('nginx', 32, 1, 9000, 3),
]);

describe('scale-out comparison', () => {
  it('puts one gateway and the entry over all of them side by side per concurrency, with the ratio of their medians', () => {
    const rows = compareThroughput(AGGREGATES, [1, 32]);
    expect(rows.map((r) => [r.concurrency, r.one?.rps, r.all?.rps])).toEqual([
      [1, 1000, 900],
      [32, 2100, 2800],
    ]);
    expect(rows[0]!.speedup).toBeCloseTo(0.9);
    expect(rows[1]!.speedup).toBeCloseTo(2800 / 2100);
  });

  it('leaves the ratio out when a side was not measured', () => {
    const [row] = compareThroughput(AGGREGATES, [64]);
    expect(row).toEqual({ concurrency: 64, one: null, all: null, speedup: null });
  });

  it('compares the bursts by the time until all settled, and only when both settled', () => {
    expect(burstSpeedup(burst(30), burst(20))).toBeCloseTo(1.5);
    expect(burstSpeedup(burst(null, 80), burst(20))).toBeNull();
    expect(scaleOutResults({ replicas: 2, cores: 2, aggregates: undefined, concurrencies: [1], burstOne: burst(30), burstAll: undefined })).toEqual({ replicas: 2, cores: 2, throughput: [], burst: null });
  });

  it('prints both sides, the ratios, and that the replicas share the cores of this machine', () => {
    const text = formatScaleOut(scaleOutResults({ replicas: 2, cores: 2, aggregates: AGGREGATES, concurrencies: [1, 32], burstOne: burst(30), burstAll: burst(20) }));
    expect(text).toMatch(/measure\s+one replica\s+2 replicas\s+ratio/);
    expect(text).toMatch(/chat completions c=32: requests\/s\s+2100\s+2800\s+×1\.33/);
    expect(text).toMatch(/validation burst of 100 models: all settled after\s+30 s\s+20 s\s+×1\.50/);
    expect(text).toContain('100 active, 0 failed, 0 left behind');
    expect(text).toContain('This machine has 2 cores for 2 gateways');
  });

  it('says what the figures predict for more cores, and does not claim the cores are shared alike when there are more than replicas', () => {
    expect(scaleOutNote(2, 2)).toContain('the replicas compete for the same cores');
    expect(scaleOutNote(2, 2)).toContain('close to ×2');
    expect(scaleOutNote(8, 2)).toContain('This machine has 8 cores; the 2 replicas still share them');
  });
});
