import { type EvaluatorScore } from '@model-garden/contracts';
import { aggregateRun, type AggregatedCell, percentile, stdDev } from './run-aggregates.util';

const score = (evaluatorId: string, value: number | null, error: string | null = null): EvaluatorScore => ({
  evaluatorId,
  score: value,
  passed: value === null ? null : value >= 0.5,
  reason: '',
  error,
});

function cell(overrides: Partial<AggregatedCell>): AggregatedCell {
  return { datapointId: 'd1', columnId: 'a', status: 'completed', latencyMs: 100, ttftMs: 10, costUsd: 0.001, inputTokens: 10, outputTokens: 5, scores: [], ...overrides };
}

describe('percentile and stdDev', () => {
  it('interpolates between closest ranks like percentile_cont', () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 0.95)).toBeCloseTo(48);
    expect(percentile([7], 0.95)).toBe(7);
    expect(percentile([], 0.5)).toBeNull();
  });

  it('is the sample deviation, 0 for one value', () => {
    expect(stdDev([1])).toBe(0);
    expect(stdDev([0, 1])).toBeCloseTo(Math.SQRT1_2);
  });
});

describe('aggregateRun', () => {
  it('sums cost and tokens, takes percentiles of completed cells, and counts the error rate', () => {
    const cells = [
      cell({ latencyMs: 100, ttftMs: 10, costUsd: 0.001 }),
      cell({ datapointId: 'd2', latencyMs: 300, ttftMs: 30, costUsd: 0.003 }),
      cell({ datapointId: 'd3', status: 'failed', latencyMs: null, ttftMs: null, costUsd: null, inputTokens: null, outputTokens: null }),
      cell({ columnId: 'b', latencyMs: 999 }),
    ];
    const [a, b] = aggregateRun(['a', 'b'], [], cells);
    expect(a).toMatchObject({
      columnId: 'a',
      cells: 3,
      completed: 2,
      failed: 1,
      errorRate: 0.333333,
      latencyMs: { p50: 200, p95: 290 },
      ttftMs: { p50: 20, p95: 29 },
      costUsd: { total: 0.004, mean: 0.002 },
      tokens: { input: 20, output: 10 },
    });
    expect(b).toMatchObject({ cells: 1, completed: 1, failed: 0, errorRate: 0, latencyMs: { p50: 999, p95: 999 } });
  });

  it('means scores per evaluator, with the deviation across repetitions per row, and counts evaluator errors apart', () => {
    const cells = [
      cell({ datapointId: 'd1', scores: [score('e', 1), score('j', 0.5)] }),
      cell({ datapointId: 'd1', scores: [score('e', 0), score('j', null, 'unparseable verdict')] }),
      cell({ datapointId: 'd2', scores: [score('e', 1), score('j', 1)] }),
      cell({ datapointId: 'd2', scores: [score('e', 1), score('j', 1)] }),
    ];
    const [a] = aggregateRun(['a'], ['e', 'j'], cells);
    expect(a!.scores).toEqual([
      { evaluatorId: 'e', mean: 0.75, stdDevAcrossRepetitions: round((Math.SQRT1_2 + 0) / 2), passRate: 0.75, scored: 4, errors: 0 },
      { evaluatorId: 'j', mean: round(2.5 / 3), stdDevAcrossRepetitions: 0, passRate: 1, scored: 3, errors: 1 },
    ]);
  });

  it('answers nulls for a column with nothing finished', () => {
    const [a] = aggregateRun(['a'], ['e'], [cell({ status: 'queued' })]);
    expect(a).toMatchObject({ errorRate: null, latencyMs: { p50: null, p95: null }, costUsd: { total: 0, mean: null }, scores: [{ evaluatorId: 'e', mean: null, passRate: null, scored: 0 }] });
  });
});

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
