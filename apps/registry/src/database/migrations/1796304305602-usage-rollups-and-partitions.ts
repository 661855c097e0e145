import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Usage at scale (docs/usage.md):
 * - `usage_records` becomes a table partitioned by day on `occurred_at` (UTC), its rows
 *   kept. The new table is made `LIKE` the old one, so every column it has at this point
 *   is carried over (whatever migrations ran before this one added), and so are its
 *   non-unique indexes (their definitions are read back from the catalogue). The primary
 *   key becomes (request_id, occurred_at): a partitioned table's unique keys must hold
 *   the partition key, and a redelivered event repeats both.
 * - Rollups per minute, hour and UTC day by workspace and the dimensions of
 *   `usage_rollups_*`, with a latency histogram over fixed log-spaced buckets
 *   (`usage_latency_bounds()`: round(2^(i/4)) ms, i = 0..80, deduplicated) held in one
 *   numeric (see HISTOGRAM_FIELD_DIGITS), filled from the existing rows here and by the
 *   ingestion from then on.
 * - Functions the registry calls with parameters to create and drop partitions
 *   (identifiers are quoted by format('%I') on the server, never built by the caller).
 *
 * The bucket bounds are fixed for ever: rollups already summed cannot be re-bucketed.
 */
const LATENCY_BOUNDS =
  '{1,2,3,4,5,6,7,8,10,11,13,16,19,23,27,32,38,45,54,64,76,91,108,128,152,181,215,256,304,362,431,512,609,724,861,1024,1218,1448,1722,2048,2435,2896,3444,4096,4871,5793,6889,8192,9742,11585,13777,16384,19484,23170,27554,32768,38968,46341,55109,65536,77936,92682,110218,131072,155872,185364,220436,262144,311744,370728,440872,524288,623487,741455,881744,1048576}';
/**
 * 76 bounds make 77 buckets: [0, 1), [1, 2), ..., [1048576, ∞). A histogram is one numeric
 * whose 20-digit decimal fields, from the right, are the buckets' counts: adding two
 * histograms is adding the numbers (no field can carry: a count stays below 10^19), so
 * PostgreSQL merges them with its own `+` and sum(), at the speed of numeric addition.
 */
const HISTOGRAM_FIELD_DIGITS = 20;

const ROLLUP_LEVELS = ['minute', 'hour', 'day'] as const;

export class UsageRollupsAndPartitions1796304305602 implements MigrationInterface {
  name = 'UsageRollupsAndPartitions1796304305602';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE FUNCTION usage_latency_bounds() RETURNS integer[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT '${LATENCY_BOUNDS}'::integer[] $$`);
    // One request's histogram: 1 in the 20-digit field of its latency's bucket (10^(20 * (width_bucket))).
    await runner.query(`
      CREATE FUNCTION usage_latency_histogram_of(latency_ms integer) RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT ('1' || repeat('0', ${HISTOGRAM_FIELD_DIGITS} * width_bucket(latency_ms, '${LATENCY_BOUNDS}'::integer[])))::numeric
      $$`);

    // The old table becomes a partitioned one LIKE it; its non-unique indexes are re-created on
    // the new table under the same names (pg_get_indexdef names the table, by then the new one).
    await runner.query(`
      DO $$
      DECLARE
        index_row record;
        definitions text[] := '{}';
        definition text;
      BEGIN
        FOR index_row IN
          SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
          FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
          WHERE i.indrelid = format('%I.usage_records', current_schema())::regclass AND NOT i.indisunique
        LOOP
          definitions := definitions || index_row.definition;
          EXECUTE format('DROP INDEX %I.%I', current_schema(), index_row.name);
        END LOOP;
        ALTER TABLE usage_records RENAME TO usage_records_unpartitioned;
        ALTER TABLE usage_records_unpartitioned RENAME CONSTRAINT usage_records_pkey TO usage_records_unpartitioned_pkey;
        CREATE TABLE usage_records (LIKE usage_records_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMMENTS)
          PARTITION BY RANGE (occurred_at);
        ALTER TABLE usage_records ADD CONSTRAINT usage_records_pkey PRIMARY KEY (request_id, occurred_at);
        FOREACH definition IN ARRAY definitions LOOP
          EXECUTE definition;
        END LOOP;
      END
      $$`);

    await runner.query(`
      CREATE FUNCTION usage_records_ensure_partitions(first_day date, last_day date) RETURNS integer LANGUAGE plpgsql AS $$
      DECLARE
        day date;
        partition_name text;
        created integer := 0;
      BEGIN
        -- One creator at a time per schema (ingestion and the storage worker of every replica).
        PERFORM pg_advisory_xact_lock(hashtext(current_schema() || '.usage_records_partitions'));
        FOR day IN SELECT generate_series(first_day, last_day, interval '1 day')::date LOOP
          partition_name := 'usage_records_' || to_char(day, 'YYYYMMDD');
          IF to_regclass(format('%I.%I', current_schema(), partition_name)) IS NULL THEN
            EXECUTE format('CREATE TABLE %I.%I PARTITION OF %I.usage_records FOR VALUES FROM (%L) TO (%L)',
              current_schema(), partition_name, current_schema(), day::timestamp AT TIME ZONE 'UTC', (day + 1)::timestamp AT TIME ZONE 'UTC');
            created := created + 1;
          END IF;
        END LOOP;
        RETURN created;
      END
      $$`);
    await runner.query(`
      CREATE FUNCTION usage_records_drop_partitions_before(cutoff date) RETURNS text[] LANGUAGE plpgsql AS $$
      DECLARE
        partition_name text;
        dropped text[] := '{}';
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext(current_schema() || '.usage_records_partitions'));
        FOR partition_name IN
          SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
          WHERE i.inhparent = format('%I.usage_records', current_schema())::regclass
            AND c.relname ~ '^usage_records_[0-9]{8}$' AND to_date(substring(c.relname FROM 15), 'YYYYMMDD') < cutoff
          ORDER BY c.relname
        LOOP
          EXECUTE format('DROP TABLE %I.%I', current_schema(), partition_name);
          dropped := dropped || partition_name;
        END LOOP;
        RETURN dropped;
      END
      $$`);

    for (const level of ROLLUP_LEVELS) {
      await runner.query(`
        CREATE TABLE usage_rollups_${level} (
          workspace_id uuid NOT NULL,
          bucket timestamptz NOT NULL,
          model_id varchar(200) NOT NULL,
          model_ref varchar(300) NOT NULL,
          api_key_id varchar(64) NOT NULL,
          endpoint varchar(32) NOT NULL,
          status_class smallint NOT NULL,
          deployment_key varchar(64),
          deployment_version integer,
          deployment_variant varchar(64),
          requests bigint NOT NULL,
          errors bigint NOT NULL,
          input_tokens numeric NOT NULL,
          output_tokens numeric NOT NULL,
          images numeric NOT NULL,
          cost_usd double precision NOT NULL,
          latency_histogram numeric NOT NULL
        )`);
      await runner.query(`
        CREATE UNIQUE INDEX uq_usage_rollups_${level} ON usage_rollups_${level}
          (workspace_id, bucket, model_id, model_ref, api_key_id, endpoint, status_class, deployment_key, deployment_version, deployment_variant) NULLS NOT DISTINCT`);
      await runner.query(`CREATE INDEX ix_usage_rollups_${level}_bucket ON usage_rollups_${level} (bucket)`);
      // A histogram spans up to 1,540 digits, mostly zeros: compressed in the row rather than stored as it is.
      await runner.query(`ALTER TABLE usage_rollups_${level} ALTER COLUMN latency_histogram SET STORAGE MAIN`);
      await runner.query(`ALTER TABLE usage_rollups_${level} SET (toast_tuple_target = 128)`);
    }

    // Partitions for the days the old rows cover, and for today and the week ahead (the storage worker keeps that up).
    await runner.query(`
      SELECT usage_records_ensure_partitions(day, day)
      FROM (SELECT DISTINCT (occurred_at AT TIME ZONE 'UTC')::date AS day FROM usage_records_unpartitioned) AS days`);
    await runner.query(`SELECT usage_records_ensure_partitions((now() AT TIME ZONE 'UTC')::date, (now() AT TIME ZONE 'UTC')::date + 7)`);
    await runner.query(`INSERT INTO usage_records SELECT * FROM usage_records_unpartitioned`);
    await runner.query(`
      WITH minute_rows AS (
        SELECT workspace_id, date_trunc('minute', occurred_at, 'UTC') AS bucket, model_id, model_ref, api_key_id, endpoint, (status / 100)::smallint AS status_class,
               deployment_key, deployment_version, deployment_variant,
               count(*) AS requests, count(*) FILTER (WHERE status >= 400) AS errors, sum(input_tokens)::numeric AS input_tokens,
               sum(output_tokens)::numeric AS output_tokens, sum(images)::numeric AS images, sum(cost_usd) AS cost_usd, sum(usage_latency_histogram_of(latency_ms)) AS latency_histogram
        FROM usage_records
        GROUP BY workspace_id, 2, model_id, model_ref, api_key_id, endpoint, 7, deployment_key, deployment_version, deployment_variant
      ), minutes AS (
        INSERT INTO usage_rollups_minute SELECT * FROM minute_rows RETURNING 1
      ), hours AS (
        INSERT INTO usage_rollups_hour
        SELECT workspace_id, date_trunc('hour', bucket, 'UTC'), model_id, model_ref, api_key_id, endpoint, status_class, deployment_key, deployment_version, deployment_variant,
               sum(requests), sum(errors), sum(input_tokens), sum(output_tokens), sum(images), sum(cost_usd), sum(latency_histogram)
        FROM minute_rows GROUP BY workspace_id, 2, model_id, model_ref, api_key_id, endpoint, status_class, deployment_key, deployment_version, deployment_variant
        RETURNING 1
      )
      INSERT INTO usage_rollups_day
      SELECT workspace_id, date_trunc('day', bucket, 'UTC'), model_id, model_ref, api_key_id, endpoint, status_class, deployment_key, deployment_version, deployment_variant,
             sum(requests), sum(errors), sum(input_tokens), sum(output_tokens), sum(images), sum(cost_usd), sum(latency_histogram)
      FROM minute_rows GROUP BY workspace_id, 2, model_id, model_ref, api_key_id, endpoint, status_class, deployment_key, deployment_version, deployment_variant`);
    await runner.query(`DROP TABLE usage_records_unpartitioned`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const level of ROLLUP_LEVELS) await runner.query(`DROP TABLE usage_rollups_${level}`);
    await runner.query(`ALTER TABLE usage_records RENAME TO usage_records_partitioned`);
    await runner.query(`ALTER TABLE usage_records_partitioned RENAME CONSTRAINT usage_records_pkey TO usage_records_partitioned_pkey`);
    await runner.query(`CREATE TABLE usage_records (LIKE usage_records_partitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMMENTS)`);
    await runner.query(`ALTER TABLE usage_records ADD CONSTRAINT usage_records_pkey PRIMARY KEY (request_id)`);
    await runner.query(`INSERT INTO usage_records SELECT * FROM usage_records_partitioned ON CONFLICT (request_id) DO NOTHING`);
    await runner.query(`DROP TABLE usage_records_partitioned`);
    await runner.query(`CREATE INDEX ix_usage_records_workspace_time ON usage_records (workspace_id, occurred_at)`);
    await runner.query(`CREATE INDEX ix_usage_records_workspace_deployment_time ON usage_records (workspace_id, deployment_key, occurred_at) WHERE deployment_key IS NOT NULL`);
    await runner.query(`DROP FUNCTION usage_records_drop_partitions_before(date)`);
    await runner.query(`DROP FUNCTION usage_records_ensure_partitions(date, date)`);
    await runner.query(`DROP FUNCTION usage_latency_histogram_of(integer)`);
    await runner.query(`DROP FUNCTION usage_latency_bounds()`);
  }
}
