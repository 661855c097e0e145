import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Token and image counts of one request are 64-bit: an upstream may report more than
 * 2^31 - 1 tokens (a bug, or a hostile endpoint), and such an event must be stored,
 * not refused by the column and retried forever. Sums are computed as numeric.
 */
export class Usage64BitCounts1796290593006 implements MigrationInterface {
  name = 'Usage64BitCounts1796290593006';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE usage_records
        ALTER COLUMN input_tokens TYPE bigint,
        ALTER COLUMN output_tokens TYPE bigint,
        ALTER COLUMN images TYPE bigint`);
  }

  async down(runner: QueryRunner): Promise<void> {
    // Rows beyond the 32-bit range make this fail, which is the honest outcome of a downgrade.
    await runner.query(`
      ALTER TABLE usage_records
        ALTER COLUMN input_tokens TYPE integer,
        ALTER COLUMN output_tokens TYPE integer,
        ALTER COLUMN images TYPE integer`);
  }
}
