import { Injectable } from '@nestjs/common';
import { type UsageFigures, type UsageGroup, type UsageGroupBy, type UsageReport } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { RegistryException } from '../../../shared/registry.exception';
import { type GetUsageReportCommand } from './get-usage-report.command';

const DAY_MS = 86_400_000;
const MAX_RANGE_DAYS = 366;

interface FiguresRow {
  requests: number;
  errors: number;
  input_tokens: string;
  output_tokens: string;
  images: string;
  cost_usd: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

interface GroupRow extends FiguresRow {
  key: string;
  model_ref?: string;
  model_id?: string;
  day?: string;
  deployment_key?: string;
  deployment_version?: number;
  deployment_variant?: string;
}

const DAY = `to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;

/** One query per grouping; `model_id` is the same for every row of a ref (min() only picks it). */
const GROUPINGS: Record<UsageGroupBy, string> = {
  model: `SELECT model_ref AS key, model_ref, min(model_id) AS model_id, %FIGURES% FROM usage_records %WHERE% GROUP BY model_ref ORDER BY model_ref`,
  day: `SELECT ${DAY} AS key, ${DAY} AS day, %FIGURES% FROM usage_records %WHERE% GROUP BY 1 ORDER BY 1`,
  'model,day': `SELECT ${DAY} || ' ' || model_ref AS key, model_ref, min(model_id) AS model_id, ${DAY} AS day, %FIGURES% FROM usage_records %WHERE% GROUP BY model_ref, ${DAY} ORDER BY ${DAY}, model_ref`,
  deployment: `SELECT deployment_key AS key, deployment_key, %FIGURES% FROM usage_records %WHERE% AND deployment_key IS NOT NULL GROUP BY deployment_key ORDER BY deployment_key`,
  'deployment,version': `SELECT deployment_key || ' v' || deployment_version AS key, deployment_key, deployment_version, %FIGURES% FROM usage_records %WHERE% AND deployment_key IS NOT NULL GROUP BY deployment_key, deployment_version ORDER BY deployment_key, deployment_version`,
  'deployment,variant': `SELECT deployment_key || '/' || deployment_variant AS key, deployment_key, deployment_variant, %FIGURES% FROM usage_records %WHERE% AND deployment_key IS NOT NULL GROUP BY deployment_key, deployment_variant ORDER BY deployment_key, deployment_variant`,
};

const FIGURES = `
  count(*)::int AS requests,
  (count(*) FILTER (WHERE status >= 400))::int AS errors,
  coalesce(sum(input_tokens), 0)::bigint AS input_tokens,
  coalesce(sum(output_tokens), 0)::bigint AS output_tokens,
  coalesce(sum(images), 0)::bigint AS images,
  coalesce(sum(cost_usd), 0)::double precision AS cost_usd,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
  percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95,
  percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) AS p99`;

/**
 * Aggregates the workspace's usage over [from, to): totals and one group per
 * model, per UTC day, per model and day, or per deployment (key, version, variant),
 * optionally for one model or one deployment, with latency percentiles computed by PostgreSQL over the
 * stored requests (index on workspace and time).
 */
@Injectable()
export class GetUsageReportUseCase {
  constructor(private readonly dataSource: DataSource) {}

  async execute(command: GetUsageReportCommand): Promise<UsageReport> {
    const to = command.to ? new Date(command.to) : new Date();
    const from = command.from ? new Date(command.from) : new Date(to.getTime() - 30 * DAY_MS);
    if (from.getTime() >= to.getTime()) throw RegistryException.field('from', 'from must be before to.');
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) throw RegistryException.field('to', `The range from..to may span at most ${MAX_RANGE_DAYS} days.`);
    const groupBy = command.groupBy ?? 'model';
    const params: unknown[] = [command.workspaceId, from, to];
    let where = 'WHERE workspace_id = $1 AND occurred_at >= $2 AND occurred_at < $3';
    if (command.model) {
      params.push(command.model);
      where += ` AND (model_ref = $${params.length} OR model_id = $${params.length})`;
    }
    if (command.deployment) {
      params.push(command.deployment);
      where += ` AND deployment_key = $${params.length}`;
    }

    const [totals] = (await this.dataSource.query(`SELECT ${FIGURES} FROM usage_records ${where}`, params)) as FiguresRow[];
    const groups: GroupRow[] = await this.dataSource.query(GROUPINGS[groupBy].replace('%FIGURES%', FIGURES).replace('%WHERE%', where), params);

    return {
      from: from.toISOString(),
      to: to.toISOString(),
      groupBy,
      totals: figures(totals!),
      groups: groups.map((row): UsageGroup => ({
        key: row.key,
        ...(row.model_ref !== undefined ? { modelRef: row.model_ref, modelId: row.model_id } : {}),
        ...(row.day !== undefined ? { day: row.day } : {}),
        ...(row.deployment_key !== undefined ? { deploymentKey: row.deployment_key } : {}),
        ...(row.deployment_version !== undefined ? { deploymentVersion: Number(row.deployment_version) } : {}),
        ...(row.deployment_variant !== undefined ? { deploymentVariant: row.deployment_variant } : {}),
        ...figures(row),
      })),
    };
  }
}

function figures(row: FiguresRow): UsageFigures {
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
