import { Injectable } from '@nestjs/common';
import { USAGE_GROUP_BY, type UsageGroupBy } from '@model-garden/contracts';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import { type TimeRange, type UsagePlan } from './usage-range.util';
import { UsageRecordEntity } from './usage-record.entity';

/**
 * Every read and write of usage_records (partitioned by UTC day) and of its rollups
 * (usage_rollups_minute / _hour / _day), which the same statements keep in step.
 */

/** Aggregates of a set of usage records, as PostgreSQL sums them (numeric sums come back as strings). */
export interface UsageFiguresRow {
  requests: string;
  errors: string;
  input_tokens: string;
  output_tokens: string;
  images: string;
  cost_usd: number;
  /** The latency histogram, as the decimal text of its numeric (decodeHistogram); null when no request. */
  latency_histogram: string | null;
}

export interface UsageGroupRow extends UsageFiguresRow {
  /** 1 on the row of totals (the empty grouping set), 0 on a group. */
  is_totals: number;
  key: string;
  model_ref?: string;
  model_id?: string;
  day?: string;
  hour?: string;
  deployment_key?: string;
  deployment_version?: number;
  deployment_variant?: string;
}

/** The records of one workspace, optionally of one model (its ref or its id) and of one deployment (its key). */
export interface UsageSelection {
  workspaceId: string;
  model?: string;
  deployment?: string;
}

/** The drill-down's filters over [from, to) and its keyset position (the last row of the previous page). */
export interface UsageRequestsFilter extends UsageSelection {
  from: Date;
  to: Date;
  apiKeyId?: string;
  endpoint?: string;
  statusClass?: number;
  after?: { occurredAt: string; requestId: string };
  limit: number;
}

export interface UsageRequestRow {
  request_id: string;
  api_key_id: string;
  model_id: string;
  model_ref: string;
  endpoint: string;
  status: number;
  error_code: string | null;
  input_tokens: string;
  output_tokens: string;
  images: string;
  estimated: boolean;
  cost_usd: number;
  latency_ms: number;
  streamed: boolean;
  /** UTC, microseconds: exact, so it can be a keyset cursor. */
  occurred_at: string;
  deployment_key: string | null;
  deployment_version: number | null;
  deployment_variant: string | null;
}

export type RollupLevel = 'minute' | 'hour' | 'day';

/**
 * The columns a usage record is stored with, in the order of the ingestion's unnest()
 * arrays, with their element types. A new column of usage_records is one line here.
 */
const RECORD_COLUMNS = [
  ['request_id', 'varchar', (r) => r.requestId],
  ['workspace_id', 'uuid', (r) => r.workspaceId],
  ['api_key_id', 'varchar', (r) => r.apiKeyId],
  ['model_id', 'varchar', (r) => r.modelId],
  ['model_ref', 'varchar', (r) => r.modelRef],
  ['endpoint', 'varchar', (r) => r.endpoint],
  ['status', 'integer', (r) => r.status],
  ['error_code', 'varchar', (r) => r.errorCode],
  ['input_tokens', 'bigint', (r) => r.inputTokens],
  ['output_tokens', 'bigint', (r) => r.outputTokens],
  ['images', 'bigint', (r) => r.images],
  ['estimated', 'boolean', (r) => r.estimated],
  ['cost_usd', 'double precision', (r) => r.costUsd],
  ['latency_ms', 'integer', (r) => r.latencyMs],
  ['streamed', 'boolean', (r) => r.streamed],
  ['occurred_at', 'timestamptz', (r) => r.occurredAt.toISOString()],
  ['deployment_id', 'uuid', (r) => r.deploymentId],
  ['deployment_key', 'varchar', (r) => r.deploymentKey],
  ['deployment_version', 'integer', (r) => r.deploymentVersion],
  ['deployment_variant', 'varchar', (r) => r.deploymentVariant],
] as const satisfies readonly (readonly [string, string, (record: UsageRecordEntity) => unknown])[];

/**
 * The dimensions of every rollup, with the expression over usage_records that gives each.
 * Adding one (e.g. region) is a line here, the column on the three rollup tables and in
 * their unique index (a migration), and a grouping in GROUPINGS below.
 */
const ROLLUP_DIMENSIONS = [
  ['model_id', 'model_id'],
  ['model_ref', 'model_ref'],
  ['api_key_id', 'api_key_id'],
  ['endpoint', 'endpoint'],
  ['status_class', '(status / 100)::smallint'],
  ['deployment_key', 'deployment_key'],
  ['deployment_version', 'deployment_version'],
  ['deployment_variant', 'deployment_variant'],
] as const;

const DIMENSIONS = ROLLUP_DIMENSIONS.map(([name]) => name).join(', ');
const DIMENSION_EXPRESSIONS = ROLLUP_DIMENSIONS.map(([name, expression]) => `${expression} AS ${name}`).join(', ');
const KEY = `workspace_id, bucket, ${DIMENSIONS}`;
const FIGURE_COLUMNS = 'requests, errors, input_tokens, output_tokens, images, cost_usd, latency_histogram';

/** One row per workspace, minute and dimensions of the records of CTE `source` (figures of a rollup row). */
const MINUTE_ROWS = `
  SELECT workspace_id, date_trunc('minute', occurred_at, 'UTC') AS bucket, ${DIMENSION_EXPRESSIONS},
         count(*) AS requests, count(*) FILTER (WHERE status >= 400) AS errors,
         sum(input_tokens)::numeric AS input_tokens, sum(output_tokens)::numeric AS output_tokens, sum(images)::numeric AS images,
         sum(cost_usd) AS cost_usd, sum(usage_latency_histogram_of(latency_ms)) AS latency_histogram
  FROM source GROUP BY workspace_id, 2, ${ROLLUP_DIMENSIONS.map((_, i) => i + 3).join(', ')}`;

/** Adds the minute rows to one rollup level (re-grouped by its bucket), in key order so concurrent writers lock rows in the same order. */
function upsertInto(level: RollupLevel): string {
  return `
    INSERT INTO usage_rollups_${level} AS r (${KEY}, ${FIGURE_COLUMNS})
    SELECT workspace_id, date_trunc('${level}', bucket, 'UTC'), ${DIMENSIONS},
           sum(requests), sum(errors), sum(input_tokens), sum(output_tokens), sum(images), sum(cost_usd), sum(latency_histogram)
    FROM minute_rows GROUP BY workspace_id, 2, ${DIMENSIONS} ORDER BY workspace_id, 2, ${DIMENSIONS}
    ON CONFLICT (${KEY}) DO UPDATE SET
      requests = r.requests + excluded.requests, errors = r.errors + excluded.errors,
      input_tokens = r.input_tokens + excluded.input_tokens, output_tokens = r.output_tokens + excluded.output_tokens,
      images = r.images + excluded.images, cost_usd = r.cost_usd + excluded.cost_usd,
      latency_histogram = r.latency_histogram + excluded.latency_histogram
    RETURNING 1`;
}

/** Rolls the records of CTE `source` up into every level; the statement answers how many there were. */
const ROLL_UP = `
  minute_rows AS (${MINUTE_ROWS}),
  minutes AS (${upsertInto('minute')}),
  hours AS (${upsertInto('hour')}),
  days AS (${upsertInto('day')})
  SELECT count(*)::int AS stored FROM source`;

/**
 * The ingestion: one statement stores a batch (one array per column) and adds to the
 * rollups exactly the records it stored. ON CONFLICT on (request_id, occurred_at) decides:
 * a redelivered event is not stored again, so it is not counted again.
 */
const RECORD_BATCH = `
  WITH input AS (
    SELECT * FROM unnest(${RECORD_COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')}) AS t(${RECORD_COLUMNS.map(([name]) => name).join(', ')})
  ),
  source AS (
    INSERT INTO usage_records (${RECORD_COLUMNS.map(([name]) => name).join(', ')})
    SELECT * FROM input
    ON CONFLICT (request_id, occurred_at) DO NOTHING
    RETURNING *
  ),
  ${ROLL_UP}`;

/**
 * The bench's fast path (documented in bench/README.md): rolls up one workspace's records
 * that were written straight into usage_records (SYNTHETIC_RECORDS), with the ingestion's rollup SQL.
 */
const ROLL_UP_STORED = `
  WITH source AS (SELECT * FROM usage_records WHERE workspace_id = $1 AND occurred_at >= $2 AND occurred_at < $3),
  ${ROLL_UP}`;

/**
 * The bench's synthetic traffic: $4 records of workspace $1 spread evenly over [$2, $3),
 * request ids prefixed by $5; 8 models (one an embeddings model), 4 API keys, 2 % 5xx and
 * 3 % 429, log-normal-ish latencies, one call in five through one of two deployments.
 */
const SYNTHETIC_RECORDS = `
  INSERT INTO usage_records (${RECORD_COLUMNS.map(([name]) => name).join(', ')})
  SELECT $5 || i, $1::uuid, 'key-' || (i % 4), 'model-' || (i % 8), 'bench@openailike/model-' || (i % 8),
         CASE WHEN i % 8 = 7 THEN 'embeddings' ELSE 'chat.completions' END,
         CASE WHEN i % 50 = 0 THEN 502 WHEN i % 33 = 0 THEN 429 ELSE 200 END,
         CASE WHEN i % 50 = 0 THEN 'provider_error' WHEN i % 33 = 0 THEN 'rate_limited' END,
         (20 + 400 * random())::bigint, (200 * random())::bigint, 0, false, random() / 1000,
         (10 + exp(random() * 8))::int, i % 3 = 0,
         $2::timestamptz + ($3::timestamptz - $2::timestamptz) * ((i - 1)::float8 / $4),
         CASE WHEN i % 5 = 0 THEN '00000000-0000-4000-8000-00000000000' || (i % 2) END::uuid,
         CASE WHEN i % 5 = 0 THEN 'deployment-' || (i % 2) END,
         CASE WHEN i % 5 = 0 THEN 1 + (i / 5) % 2 END,
         CASE WHEN i % 5 = 0 THEN 'variant-' || (i / 10) % 2 END
  FROM generate_series(1, $4::int) AS i`;

/** The filters every report applies to its sources: $1 workspace, $2 model ref or id, $3 deployment key. */
const FILTER = `workspace_id = $1 AND ($2::text IS NULL OR model_ref = $2 OR model_id = $2) AND ($3::text IS NULL OR deployment_key = $3)`;

/** Time ranges as parameters: two per source (empty ones are [epoch, epoch)). */
function ranges(column: string, first: number): string {
  return `((${column} >= $${first} AND ${column} < $${first + 1}) OR (${column} >= $${first + 2} AND ${column} < $${first + 3}))`;
}

const RANGE_PARAMS_START = 4;
const SOURCE_ORDER = ['day', 'hour', 'minute', 'raw'] as const;

/** The rollup rows and raw records (as minute rows) that make up a report's range. */
const REPORT_SOURCES = `
  WITH source AS (
    SELECT * FROM usage_records WHERE ${FILTER} AND ${ranges('occurred_at', RANGE_PARAMS_START + 12)}
  ),
  rows AS (
    SELECT ${KEY}, ${FIGURE_COLUMNS} FROM usage_rollups_day WHERE ${FILTER} AND ${ranges('bucket', RANGE_PARAMS_START)}
    UNION ALL
    SELECT ${KEY}, ${FIGURE_COLUMNS} FROM usage_rollups_hour WHERE ${FILTER} AND ${ranges('bucket', RANGE_PARAMS_START + 4)}
    UNION ALL
    SELECT ${KEY}, ${FIGURE_COLUMNS} FROM usage_rollups_minute WHERE ${FILTER} AND ${ranges('bucket', RANGE_PARAMS_START + 8)}
    UNION ALL
    ${MINUTE_ROWS}
  )`;

const FIGURES = `
  sum(requests) AS requests, sum(errors) AS errors, coalesce(sum(input_tokens), 0) AS input_tokens,
  coalesce(sum(output_tokens), 0) AS output_tokens, coalesce(sum(images), 0) AS images,
  coalesce(sum(cost_usd), 0)::double precision AS cost_usd, sum(latency_histogram)::text AS latency_histogram`;

const DAY = `to_char(bucket AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;
const HOUR = `to_char(bucket AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24":00Z"')`;

/**
 * Per grouping: its columns, the expressions it groups by, its order, and the column whose
 * null groups are left out (`only`: calls without a deployment in the deployment groupings;
 * the totals still count them). `model_id` is the same for every row of a ref (min() only picks it).
 */
const GROUPINGS: Record<UsageGroupBy, { select: string; by: string; order: string; only?: string }> = {
  model: { select: `model_ref AS key, model_ref, min(model_id) AS model_id`, by: 'model_ref', order: 'model_ref' },
  day: { select: `${DAY} AS key, ${DAY} AS day`, by: DAY, order: DAY },
  hour: { select: `${HOUR} AS key, ${HOUR} AS hour`, by: HOUR, order: HOUR },
  'model,day': { select: `${DAY} || ' ' || model_ref AS key, model_ref, min(model_id) AS model_id, ${DAY} AS day`, by: `model_ref, ${DAY}`, order: `${DAY}, model_ref` },
  deployment: { select: `deployment_key AS key, deployment_key`, by: 'deployment_key', order: 'deployment_key', only: 'deployment_key' },
  'deployment,version': {
    select: `deployment_key || ' v' || deployment_version AS key, deployment_key, deployment_version`,
    by: 'deployment_key, deployment_version',
    order: 'deployment_key, deployment_version',
    only: 'deployment_key',
  },
  'deployment,variant': {
    select: `deployment_key || '/' || deployment_variant AS key, deployment_key, deployment_variant`,
    by: 'deployment_key, deployment_variant',
    order: 'deployment_key, deployment_variant',
    only: 'deployment_key',
  },
};

/**
 * One statement per grouping: the totals (the empty grouping set: every call, through a
 * deployment or not) and the groups, in one pass over the sources.
 */
const REPORTS = Object.fromEntries(
  USAGE_GROUP_BY.map((groupBy) => {
    const g = GROUPINGS[groupBy];
    return [
      groupBy,
      `${REPORT_SOURCES}
       SELECT (GROUPING(${g.by}) <> 0)::int AS is_totals, ${g.select}, ${FIGURES}
       FROM rows
       GROUP BY GROUPING SETS ((), (${g.by}))
       ${g.only ? `HAVING GROUPING(${g.only}) <> 0 OR ${g.only} IS NOT NULL` : ''}
       ORDER BY 1 DESC, ${g.order}`,
    ];
  }),
) as Record<UsageGroupBy, string>;

/** The drill-down: newest first, request id breaking ties, so pages never repeat or skip a record. */
const REQUESTS = `
  SELECT request_id, api_key_id, model_id, model_ref, endpoint, status, error_code, input_tokens, output_tokens, images, estimated,
         cost_usd, latency_ms, streamed, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
         deployment_key, deployment_version, deployment_variant
  FROM usage_records
  WHERE ${FILTER} AND occurred_at >= $4 AND occurred_at < $5
    AND ($6::text IS NULL OR api_key_id = $6) AND ($7::text IS NULL OR endpoint = $7) AND ($8::int IS NULL OR status / 100 = $8)
    AND ($9::timestamptz IS NULL OR (occurred_at, request_id) < ($9::timestamptz, $10::text))
  ORDER BY occurred_at DESC, request_id DESC
  LIMIT $11`;

const ROLLUP_RETENTION: Record<RollupLevel, string> = {
  minute: 'DELETE FROM usage_rollups_minute WHERE bucket < $1',
  hour: 'DELETE FROM usage_rollups_hour WHERE bucket < $1',
  day: 'DELETE FROM usage_rollups_day WHERE bucket < $1',
};

@Injectable()
export class UsageRepository {
  constructor(@InjectRepository(UsageRecordEntity) private readonly records: Repository<UsageRecordEntity>) {}

  /**
   * Stores the records that are new (by request id and time) and adds exactly those to the
   * rollups, in one statement (one transaction). Answers how many were new. Every record's
   * day must have its partition (ensurePartitions).
   */
  async record(records: readonly UsageRecordEntity[]): Promise<number> {
    if (records.length === 0) return 0;
    const columns = RECORD_COLUMNS.map(([, , value]) => records.map((record) => value(record)));
    const [row] = (await this.records.query(RECORD_BATCH, columns)) as { stored: number }[];
    return row!.stored;
  }

  /** Creates the missing daily partitions from `firstDay` to `lastDay` (YYYY-MM-DD, UTC); answers how many. */
  async ensurePartitions(firstDay: string, lastDay: string, manager: EntityManager = this.records.manager): Promise<number> {
    const [row] = (await manager.query('SELECT usage_records_ensure_partitions($1::date, $2::date) AS created', [firstDay, lastDay])) as { created: number }[];
    return row!.created;
  }

  /** Drops the partitions of days before `day` (YYYY-MM-DD, UTC), whole; answers their names. */
  async dropPartitionsBefore(day: string, manager: EntityManager = this.records.manager): Promise<string[]> {
    const [row] = (await manager.query('SELECT usage_records_drop_partitions_before($1::date) AS dropped', [day])) as { dropped: string[] }[];
    return row!.dropped;
  }

  /** Deletes one level's rollups older than `before`; answers how many rows. */
  async deleteRollupsBefore(level: RollupLevel, before: Date, manager: EntityManager = this.records.manager): Promise<number> {
    const [, affected] = (await manager.query(ROLLUP_RETENTION[level], [before])) as [unknown, number];
    return affected;
  }

  /**
   * The bench's fast path: writes `count` synthetic records of a workspace over [from, to)
   * straight into usage_records, then rolls them up with the ingestion's rollup SQL. Never
   * for a workspace with real records (those are rolled up already).
   */
  async loadSynthetic(workspaceId: string, from: Date, to: Date, count: number, requestIdPrefix: string): Promise<number> {
    await this.records.query(SYNTHETIC_RECORDS, [workspaceId, from, to, count, requestIdPrefix]);
    const [row] = (await this.records.query(ROLL_UP_STORED, [workspaceId, from, to])) as { stored: number }[];
    return row!.stored;
  }

  /** Fresh planner statistics for usage_records and the rollups (after a bulk load; autovacuum may be off). */
  async analyze(): Promise<void> {
    for (const statement of ['ANALYZE usage_records', 'ANALYZE usage_rollups_minute', 'ANALYZE usage_rollups_hour', 'ANALYZE usage_rollups_day']) await this.records.query(statement);
  }

  /** Totals (the first row, is_totals = 1) and groups of a report over the plan's sources. */
  async report(selection: UsageSelection, plan: UsagePlan, groupBy: UsageGroupBy): Promise<UsageGroupRow[]> {
    const params: unknown[] = [selection.workspaceId, selection.model ?? null, selection.deployment ?? null];
    for (const source of SOURCE_ORDER) params.push(...rangeParams(plan[source]));
    return this.records.query(REPORTS[groupBy], params);
  }

  /** One page of the drill-down (limit rows at most). */
  async requests(filter: UsageRequestsFilter): Promise<UsageRequestRow[]> {
    return this.records.query(REQUESTS, [
      filter.workspaceId,
      filter.model ?? null,
      filter.deployment ?? null,
      filter.from,
      filter.to,
      filter.apiKeyId ?? null,
      filter.endpoint ?? null,
      filter.statusClass ?? null,
      filter.after?.occurredAt ?? null,
      filter.after?.requestId ?? null,
      filter.limit,
    ]);
  }

  /** Holds the storage worker's session lock while `work` runs on that session; undefined when another replica holds it. */
  async withStorageLock<T>(work: (manager: EntityManager) => Promise<T>): Promise<T | undefined> {
    const runner = this.records.manager.connection.createQueryRunner();
    await runner.connect();
    try {
      const [row] = (await runner.query(`SELECT pg_try_advisory_lock(hashtext(current_schema() || '.usage_storage')) AS locked`)) as { locked: boolean }[];
      if (!row!.locked) return undefined;
      try {
        return await work(runner.manager);
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(hashtext(current_schema() || '.usage_storage'))`);
      }
    } finally {
      await runner.release();
    }
  }
}

const EMPTY = new Date(0);

function rangeParams(list: readonly TimeRange[]): Date[] {
  const [first, second] = list;
  return [first ? new Date(first.from) : EMPTY, first ? new Date(first.to) : EMPTY, second ? new Date(second.from) : EMPTY, second ? new Date(second.to) : EMPTY];
}
