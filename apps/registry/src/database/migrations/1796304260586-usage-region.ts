import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The region of the model that served a usage record, for `GET /v1/usage?groupBy=region`.
 * NULL for records written before regions were recorded.
 */
export class UsageRegion1796304260586 implements MigrationInterface {
  name = 'UsageRegion1796304260586';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE usage_records ADD COLUMN region varchar(8) CHECK (region IN ('us', 'eu'))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE usage_records DROP COLUMN region`);
  }
}
