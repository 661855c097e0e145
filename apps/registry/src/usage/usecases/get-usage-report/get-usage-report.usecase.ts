import { Injectable } from '@nestjs/common';
import { type UsageFigures, type UsageGroup, type UsageReport } from '@model-garden/contracts';
import { RegistryException } from '../../../shared/registry.exception';
import { type UsageFiguresRow, UsageRepository } from '../../usage.repository';
import { type GetUsageReportCommand } from './get-usage-report.command';

const DAY_MS = 86_400_000;
const MAX_RANGE_DAYS = 366;

/**
 * Aggregates the workspace's usage over [from, to): totals and one group per
 * model, per UTC day, per model and day, or per deployment (key, version, variant),
 * optionally for one model or one deployment, with latency percentiles computed by
 * PostgreSQL over the stored requests (UsageRepository's fixed, parameterised queries).
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
    const selection = { workspaceId: command.workspaceId, from, to, ...(command.model ? { model: command.model } : {}), ...(command.deployment ? { deployment: command.deployment } : {}) };
    const totals = await this.usage.totals(selection);
    const groups = await this.usage.groups(selection, groupBy);

    return {
      from: from.toISOString(),
      to: to.toISOString(),
      groupBy,
      totals: figures(totals),
      groups: groups.map((row): UsageGroup => ({
        key: row.key,
        ...(row.model_ref !== undefined ? { modelRef: row.model_ref, modelId: row.model_id } : {}),
        ...(row.day !== undefined ? { day: row.day } : {}),
        ...(row.deployment_key !== undefined ? { deploymentKey: row.deployment_key } : {}),
        ...(row.deployment_version !== undefined ? { deploymentVersion: Number(row.deployment_version) } : {}),
        ...(row.deployment_variant !== undefined ? { deploymentVariant: row.deployment_variant } : {}),
        ...(row.region !== undefined ? { region: row.region } : {}),
        ...figures(row),
      })),
    };
  }
}

function figures(row: UsageFiguresRow): UsageFigures {
  const ms = (v: number | null): number | null => (v === null ? null : Math.round(Number(v) * 10) / 10);
  return {
    requests: Number(row.requests),
    errors: Number(row.errors),
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
    images: Number(row.images),
    costUsd: Math.round(Number(row.cost_usd) * 1e6) / 1e6,
    latencyMs: { p50: ms(row.p50), p95: ms(row.p95), p99: ms(row.p99) },
  };
}
