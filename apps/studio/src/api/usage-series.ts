import type { UsageFigures, UsageGroup, UsageReport } from '@model-garden/contracts/browser';
import type { RegistryClient } from './registry-client';

/**
 * Usage over time by model: one `groupBy=model,day` report for the series, and one
 * `groupBy=model` report over the whole range for the totals and latency
 * percentiles (which cannot be summed from days).
 */

const DAY_MS = 86_400_000;

export interface DayFigures {
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  images: number;
  costUsd: number;
}

export interface ModelSeries {
  modelRef: string;
  modelId: string | undefined;
  /** One entry per day of `UsageSeries.days`. */
  days: DayFigures[];
  /** The range as a whole (with latency percentiles). */
  total: UsageFigures;
}

export interface UsageSeries {
  from: string;
  to: string;
  /** UTC days `YYYY-MM-DD`, oldest first. */
  days: string[];
  models: ModelSeries[];
  totals: UsageFigures;
  /** Per day, all models together. */
  dayTotals: DayFigures[];
}

export const EMPTY_DAY: DayFigures = { requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, images: 0, costUsd: 0 };

/** The last `days` UTC days ending with today's: `[from, to)` and the day labels. */
export function dayRange(days: number, now: Date): { from: Date; to: Date; labels: string[] } {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const from = new Date(today - (days - 1) * DAY_MS);
  const to = new Date(today + DAY_MS);
  const labels = Array.from({ length: days }, (_, i) => new Date(from.getTime() + i * DAY_MS).toISOString().slice(0, 10));
  return { from, to, labels };
}

function dayFigures(group: UsageFigures | undefined): DayFigures {
  if (!group) return { ...EMPTY_DAY };
  return {
    requests: group.requests,
    errors: group.errors,
    inputTokens: group.inputTokens,
    outputTokens: group.outputTokens,
    images: group.images,
    costUsd: group.costUsd,
  };
}

function addDay(a: DayFigures, b: DayFigures): DayFigures {
  return {
    requests: a.requests + b.requests,
    errors: a.errors + b.errors,
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    images: a.images + b.images,
    costUsd: Math.round((a.costUsd + b.costUsd) * 1e6) / 1e6,
  };
}

const refOf = (group: UsageGroup): string => group.modelRef ?? group.key;

/** Builds the series from the whole-range report and the per-day reports (pure: tested without a server). */
export function buildUsageSeries(labels: string[], range: UsageReport, perDay: UsageReport[], onlyModel?: (ref: string, modelId?: string) => boolean): UsageSeries {
  const keep = (g: UsageGroup): boolean => !onlyModel || onlyModel(refOf(g), g.modelId);
  const rangeGroups = range.groups.filter(keep);
  const refs = new Set(rangeGroups.map(refOf));
  for (const report of perDay) for (const g of report.groups.filter(keep)) refs.add(refOf(g));
  const models: ModelSeries[] = [...refs].sort().map((ref) => {
    const total = rangeGroups.find((g) => refOf(g) === ref);
    return {
      modelRef: ref,
      modelId: total?.modelId ?? perDay.flatMap((r) => r.groups).find((g) => refOf(g) === ref)?.modelId,
      days: perDay.map((report) => dayFigures(report.groups.find((g) => refOf(g) === ref))),
      total: total ?? { ...EMPTY_DAY, latencyMs: { p50: null, p95: null, p99: null } },
    };
  });
  const dayTotals = labels.map((_, i) => models.reduce((sum, m) => addDay(sum, m.days[i] ?? EMPTY_DAY), { ...EMPTY_DAY }));
  const totals: UsageFigures = onlyModel
    ? models.length === 1
      ? (models[0] as ModelSeries).total
      : { ...dayTotals.reduce(addDay, { ...EMPTY_DAY }), latencyMs: { p50: null, p95: null, p99: null } }
    : range.totals;
  return { from: range.from, to: range.to, days: labels, models, totals, dayTotals };
}

/** Loads the last `days` days of usage, optionally for one model (by ref or id): two requests. */
export async function loadUsageSeries(
  client: RegistryClient,
  options: { days: number; now?: Date; model?: { ref: string; id: string }; signal?: AbortSignal },
): Promise<UsageSeries> {
  const { from, to, labels } = dayRange(options.days, options.now ?? new Date());
  const window = { from: from.toISOString(), to: to.toISOString() };
  const [range, byDay] = await Promise.all([
    client.usage({ ...window, groupBy: 'model' }, options.signal),
    client.usage({ ...window, groupBy: 'model,day' }, options.signal),
  ]);
  const model = options.model;
  const matches = model ? (ref: string, id?: string): boolean => ref === model.ref || id === model.id : undefined;
  const perDay = labels.map((label): UsageReport => ({ ...byDay, groupBy: 'model', groups: byDay.groups.filter((g) => g.day === label) }));
  return buildUsageSeries(labels, range, perDay, matches);
}
