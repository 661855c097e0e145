/** Axis ticks at round numbers (1, 2 or 5 times a power of ten) from 0 up to at least `max`. */
export function niceTicks(max: number, targetCount = 4): number[] {
  if (!Number.isFinite(max) || max <= 0) return [0, 1];
  const rough = max / targetCount;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const ticks: number[] = [];
  for (let value = 0; value < max + step - 1e-12; value += step) ticks.push(Number(value.toPrecision(12)));
  return ticks;
}

/** Colour-blind-safe palette (Okabe–Ito), repeated when there are more series. */
export const SERIES_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

export const seriesColour = (index: number): string => SERIES_COLOURS[index % SERIES_COLOURS.length] as string;

/** Every `n`th label so that at most `max` are drawn. */
export function labelStride(count: number, max: number): number {
  return Math.max(1, Math.ceil(count / max));
}
