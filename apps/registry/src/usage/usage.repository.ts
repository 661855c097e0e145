import { Injectable } from '@nestjs/common';
import { type Region, type UsageGroupBy } from '@model-garden/contracts';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { UsageRecordEntity } from './usage-record.entity';

/** Aggregates of a set of usage records, as PostgreSQL computes them. */
export interface UsageFiguresRow {
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

export interface UsageGroupRow extends UsageFiguresRow {
  key: string;
  model_ref?: string;
  model_id?: string;
  day?: string;
  deployment_key?: string;
  deployment_version?: number;
  deployment_variant?: string;
  region?: Region;
}

/** The records of one workspace over [from, to), optionally of one model (its ref or its id) and of one deployment (its key). */
export interface UsageSelection {
  workspaceId: string;
  from: Date;
  to: Date;
  model?: string;
  deployment?: string;
}

/** Sums of the 64-bit counts are numeric (no overflow), which pg returns as strings. */
const FIGURES = `
  count(*)::int AS requests,
  (count(*) FILTER (WHERE status >= 400))::int AS errors,
  coalesce(sum(input_tokens), 0) AS input_tokens,
  coalesce(sum(output_tokens), 0) AS output_tokens,
  coalesce(sum(images), 0) AS images,
  coalesce(sum(cost_usd), 0)::double precision AS cost_usd,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
  percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95,
  percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) AS p99`;

/**
 * $1 workspace, $2 from, $3 to, $4 model ref or id (null: every model), $5 deployment key
 * (null: every call, through a deployment or not). Uses the index on workspace and time.
 */
const SELECTION = `FROM usage_records
  WHERE workspace_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND ($4::text IS NULL OR model_ref = $4 OR model_id = $4)
    AND ($5::text IS NULL OR deployment_key = $5)`;

/** The deployment groupings count only the calls that came through a deployment. */
const THROUGH_DEPLOYMENT = `${SELECTION} AND deployment_key IS NOT NULL`;

const DAY = `to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;

/** The fixed queries of the usage report, all with the same five parameters. `model_id` is the same for every row of a ref (min() only picks it). */
const QUERIES = {
  totals: `SELECT ${FIGURES} ${SELECTION}`,
  model: `SELECT model_ref AS key, model_ref, min(model_id) AS model_id, ${FIGURES} ${SELECTION} GROUP BY model_ref ORDER BY model_ref`,
  day: `SELECT ${DAY} AS key, ${DAY} AS day, ${FIGURES} ${SELECTION} GROUP BY 1 ORDER BY 1`,
  'model,day': `SELECT ${DAY} || ' ' || model_ref AS key, model_ref, min(model_id) AS model_id, ${DAY} AS day, ${FIGURES} ${SELECTION} GROUP BY model_ref, ${DAY} ORDER BY ${DAY}, model_ref`,
  deployment: `SELECT deployment_key AS key, deployment_key, ${FIGURES} ${THROUGH_DEPLOYMENT} GROUP BY deployment_key ORDER BY deployment_key`,
  'deployment,version': `SELECT deployment_key || ' v' || deployment_version AS key, deployment_key, deployment_version, ${FIGURES} ${THROUGH_DEPLOYMENT} GROUP BY deployment_key, deployment_version ORDER BY deployment_key, deployment_version`,
  'deployment,variant': `SELECT deployment_key || '/' || deployment_variant AS key, deployment_key, deployment_variant, ${FIGURES} ${THROUGH_DEPLOYMENT} GROUP BY deployment_key, deployment_variant ORDER BY deployment_key, deployment_variant`,
  region: `SELECT region AS key, region, ${FIGURES} ${SELECTION} AND region IS NOT NULL GROUP BY region ORDER BY region`,
} as const satisfies Record<UsageGroupBy | 'totals', string>;

/** Every read and write of usage_records. */
@Injectable()
export class UsageRepository {
  constructor(@InjectRepository(UsageRecordEntity) private readonly records: Repository<UsageRecordEntity>) {}

  /** Stores a record unless one with its request id exists (a redelivered event). True when stored. */
  async insertIfNew(record: UsageRecordEntity): Promise<boolean> {
    const rows: unknown[] = await this.records.query(
      `INSERT INTO usage_records (request_id, workspace_id, api_key_id, model_id, model_ref, endpoint, status, error_code,
                                  input_tokens, output_tokens, images, estimated, cost_usd, latency_ms, streamed, occurred_at,
                                  deployment_id, deployment_key, deployment_version, deployment_variant, region)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
       ON CONFLICT (request_id) DO NOTHING
       RETURNING request_id`,
      [
        record.requestId,
        record.workspaceId,
        record.apiKeyId,
        record.modelId,
        record.modelRef,
        record.endpoint,
        record.status,
        record.errorCode,
        record.inputTokens,
        record.outputTokens,
        record.images,
        record.estimated,
        record.costUsd,
        record.latencyMs,
        record.streamed,
        record.occurredAt,
        record.deploymentId,
        record.deploymentKey,
        record.deploymentVersion,
        record.deploymentVariant,
        record.region,
      ],
    );
    return rows.length > 0;
  }

  async totals(selection: UsageSelection): Promise<UsageFiguresRow> {
    const [row] = (await this.records.query(QUERIES.totals, params(selection))) as UsageFiguresRow[];
    return row!;
  }

  async groups(selection: UsageSelection, groupBy: UsageGroupBy): Promise<UsageGroupRow[]> {
    return this.records.query(QUERIES[groupBy], params(selection));
  }
}

function params(selection: UsageSelection): unknown[] {
  return [selection.workspaceId, selection.from, selection.to, selection.model ?? null, selection.deployment ?? null];
}
