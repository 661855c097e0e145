import { type MigrationInterface, type QueryRunner } from 'typeorm';

const LEVELS = ['minute', 'hour', 'day'] as const;
const KEY = 'workspace_id, bucket, model_id, model_ref, api_key_id, endpoint, status_class, deployment_key, deployment_version, deployment_variant';

/**
 * Region becomes a dimension of the usage rollups, so `GET /v1/usage?groupBy=region` reads
 * rollups like every other grouping. Rollup rows written before have no region (NULL):
 * their records are grouped under no region, as records without one already are.
 */
export class UsageRollupsRegion1796309077855 implements MigrationInterface {
  name = 'UsageRollupsRegion1796309077855';

  async up(runner: QueryRunner): Promise<void> {
    for (const level of LEVELS) {
      await runner.query(`ALTER TABLE usage_rollups_${level} ADD COLUMN region varchar(8)`);
      await runner.query(`DROP INDEX uq_usage_rollups_${level}`);
      await runner.query(`CREATE UNIQUE INDEX uq_usage_rollups_${level} ON usage_rollups_${level} (${KEY}, region) NULLS NOT DISTINCT`);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    const figures = 'requests, errors, input_tokens, output_tokens, images, cost_usd, latency_histogram';
    for (const level of LEVELS) {
      // Rows that differ only by region are summed back into one before the narrower key returns.
      await runner.query(`
        CREATE TEMP TABLE merged_rollups ON COMMIT DROP AS
        SELECT ${KEY}, sum(requests) AS requests, sum(errors) AS errors, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
               sum(images) AS images, sum(cost_usd) AS cost_usd, sum(latency_histogram) AS latency_histogram
        FROM usage_rollups_${level} GROUP BY ${KEY}`);
      await runner.query(`DELETE FROM usage_rollups_${level}`);
      await runner.query(`DROP INDEX uq_usage_rollups_${level}`);
      await runner.query(`ALTER TABLE usage_rollups_${level} DROP COLUMN region`);
      await runner.query(`INSERT INTO usage_rollups_${level} (${KEY}, ${figures}) SELECT ${KEY}, ${figures} FROM merged_rollups`);
      await runner.query(`DROP TABLE merged_rollups`);
      await runner.query(`CREATE UNIQUE INDEX uq_usage_rollups_${level} ON usage_rollups_${level} (${KEY}) NULLS NOT DISTINCT`);
    }
  }
}
