import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A workspace's access to the operator's public models (which spend the operator's
 * provider keys): `enabled` or `disabled` set by an operator through the admin API, or
 * NULL for the default of PUBLIC_MODELS_ACCESS_DEFAULT.
 */
export class WorkspacePublicModelsAccess1796294252652 implements MigrationInterface {
  name = 'WorkspacePublicModelsAccess1796294252652';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE workspaces ADD COLUMN public_models_access varchar(8) CHECK (public_models_access IN ('enabled', 'disabled'))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE workspaces DROP COLUMN public_models_access`);
  }
}
