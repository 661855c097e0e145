import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Region as a policy: the regions whose models a workspace, and each of its API keys,
 * may use. NULL: every region (the workspace's) or the workspace's setting (a key's).
 * A list is never empty and names only known regions.
 */
export class AllowedRegions1796304260585 implements MigrationInterface {
  name = 'AllowedRegions1796304260585';

  async up(runner: QueryRunner): Promise<void> {
    for (const table of ['workspaces', 'api_keys']) {
      await runner.query(
        `ALTER TABLE ${table} ADD COLUMN allowed_regions text[]
           CONSTRAINT ck_${table}_allowed_regions CHECK (allowed_regions IS NULL OR (cardinality(allowed_regions) > 0 AND allowed_regions <@ ARRAY['us', 'eu']::text[]))`,
      );
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['workspaces', 'api_keys']) await runner.query(`ALTER TABLE ${table} DROP COLUMN allowed_regions`);
  }
}
