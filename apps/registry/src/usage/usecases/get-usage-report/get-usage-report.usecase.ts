import { Injectable } from '@nestjs/common';
import { type UsageFigures, type UsageGroup, type UsageReport } from '@model-garden/contracts';
import { RegistryException } from '../../../shared/registry.exception';
import { decodeHistogram, histogramQuantile } from '../../latency-histogram.util';
import { planUsageRange } from '../../usage-range.util';
import { type UsageFiguresRow, UsageRepository } from '../../usage.repository';
import { type GetUsageReportCommand } from './get-usage-report.command';

const DAY_MS = 86_400_000;
const MAX_RANGE_DAYS = 366;
/** groupBy=hour: at most 744 groups (31 days of hours), read from hour rollups (kept 180 days by default). */
const MAX_HOURLY_RANGE_DAYS = 31;

/**
 * Aggregates the workspace's usage over [from, to): totals and one group per model, per
 * UTC day or hour, per model and day, or per deployment (key, version, variant), optionally for
 * one model or one deployment. Reads rollups (whole days, then hours and minutes at the
 * edges) and raw records only for the seconds at each end (planUsageRange), so its cost
 * follows the range and the number of groups, not the traffic. Latency percentiles come
 * from the merged histograms (within one bucket, ≤ 19 %, of the exact value).
 */
@Injectable()
export class GetUsageReportUseCase {
  constructor(private readonly usage: UsageRepository) {}

  async execute(command: GetUsageReportCommand): Promise<UsageReport> {
    const to = command.to ? new Date(command.to) : new Date();
    const from = command.from ? new Date(command.from) : new Date(to.getTime() - 30 * DAY_MS);
    if (from.getTime() >= to.getTime()) throw RegistryException.field('from', 'from must be before to.');
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) throw RegistryException.field('to', `The range from..to may span at most ${MAX_RANGE_DAYS} days.`);
    const groupBy = command.groupBy ?? 'model';
    if (groupBy === 'hour' && to.getTime() - from.getTime() > MAX_HOURLY_RANGE_DAYS * DAY_MS) {
      throw RegistryException.field('to', `With groupBy=hour the range from..to may span at most ${MAX_HOURLY_RANGE_DAYS} days; use groupBy=day for longer ranges.`);
    }
    const selection = { workspaceId: command.workspaceId, ...(command.model ? { model: command.model } : {}), ...(command.deployment ? { deployment: command.deployment } : {}) };
    const rows = await this.usage.report(selection, planUsageRange(from.getTime(), to.getTime(), groupBy === 'hour' ? 'hour' : 'day'), groupBy);
    const totals = rows.find((row) => Number(row.is_totals) === 1);

    return {
      from: from.toISOString(),
      to: to.toISOString(),
      groupBy,
      totals: totals ? figures(totals) : figures(undefined),
      groups: rows
        .filter((row) => Number(row.is_totals) === 0)
        .map((row): UsageGroup => ({
          key: row.key,
          ...(row.model_ref !== undefined ? { modelRef: row.model_ref, modelId: row.model_id } : {}),
          ...(row.day !== undefined ? { day: row.day } : {}),
          ...(row.hour !== undefined ? { hour: row.hour } : {}),
          ...(row.deployment_key !== undefined ? { deploymentKey: row.deployment_key } : {}),
          ...(row.deployment_version !== undefined ? { deploymentVersion: Number(row.deployment_version) } : {}),
          ...(row.deployment_variant !== undefined ? { deploymentVariant: row.deployment_variant } : {}),
          ...figures(row),
        })),
    };
  }
}

function figures(row: UsageFiguresRow | undefined): UsageFigures {
  const histogram = decodeHistogram(row?.latency_histogram ?? null);
  const ms = (q: number): number | null => {
    const value = histogramQuantile(histogram, q);
    return value === null ? null : Math.round(value * 10) / 10;
  };
  return {
    requests: Number(row?.requests ?? 0),
    errors: Number(row?.errors ?? 0),
    inputTokens: Number(row?.input_tokens ?? 0),
    outputTokens: Number(row?.output_tokens ?? 0),
    images: Number(row?.images ?? 0),
    costUsd: Math.round(Number(row?.cost_usd ?? 0) * 1e6) / 1e6,
    latencyMs: { p50: ms(0.5), p95: ms(0.95), p99: ms(0.99) },
  };
}
