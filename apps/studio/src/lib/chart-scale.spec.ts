import { labelStride, niceTicks, seriesColour } from './chart-scale';

describe('chart scale', () => {
  it('ticks at round numbers up to at least the maximum', () => {
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(100)).toEqual([0, 50, 100]);
    expect(niceTicks(0.013)).toEqual([0, 0.005, 0.01, 0.015]);
    expect(niceTicks(1234).at(-1)).toBeGreaterThanOrEqual(1234);
  });

  it('thins labels and cycles colours', () => {
    expect(labelStride(30, 10)).toBe(3);
    expect(labelStride(7, 10)).toBe(1);
    expect(seriesColour(0)).toBe(seriesColour(8));
  });
});
