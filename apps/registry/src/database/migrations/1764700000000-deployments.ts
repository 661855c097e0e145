import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Deployments and their immutable versions, the deployment columns of usage records,
 * and the deployment scopes for existing API keys.
 *
 * - `deployments`: one row per (workspace, key), pointing at its current version.
 * - `deployment_versions`: one row per published version; `config` is the whole
 *   snapshot (variants, routing), `model_ids` the private model ids it uses (variants
 *   and fallbacks), so "which current versions use this model" is one indexed query.
 *   A trigger refuses any UPDATE, and any DELETE while the deployment exists: versions
 *   go only with their deployment (ON DELETE CASCADE).
 * - Existing keys that may read (write) models may read (write) deployments: the
 *   scopes did not exist when they were issued.
 */
export class Deployments1764700000000 implements MigrationInterface {
  name = 'Deployments1764700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE deployments (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        key varchar(64) NOT NULL,
        description varchar(500),
        current_version integer NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT uq_deployments_workspace_key UNIQUE (workspace_id, key)
      )`);
    await runner.query(`CREATE INDEX ix_deployments_workspace_created ON deployments (workspace_id, created_at DESC, id DESC)`);

    await runner.query(`
      CREATE TABLE deployment_versions (
        deployment_id uuid NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
        version integer NOT NULL,
        config jsonb NOT NULL,
        model_ids text[] NOT NULL,
        note varchar(500),
        published_by varchar(64) NOT NULL,
        published_at timestamptz NOT NULL,
        restored_from integer,
        CONSTRAINT pk_deployment_versions PRIMARY KEY (deployment_id, version),
        CONSTRAINT ck_deployment_versions_positive CHECK (version >= 1)
      )`);
    await runner.query(`CREATE INDEX ix_deployment_versions_model_ids ON deployment_versions USING gin (model_ids)`);
    await runner.query(`
      CREATE FUNCTION deployment_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          RAISE EXCEPTION 'deployment versions are immutable' USING ERRCODE = 'restrict_violation';
        END IF;
        IF EXISTS (SELECT 1 FROM deployments WHERE id = OLD.deployment_id) THEN
          RAISE EXCEPTION 'deployment versions are deleted only with their deployment' USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN OLD;
      END
      $$`);
    await runner.query(`
      CREATE TRIGGER tr_deployment_versions_immutable BEFORE UPDATE OR DELETE ON deployment_versions
      FOR EACH ROW EXECUTE FUNCTION deployment_versions_immutable()`);

    await runner.query(`
      ALTER TABLE usage_records
        ADD COLUMN deployment_id uuid,
        ADD COLUMN deployment_key varchar(64),
        ADD COLUMN deployment_version integer,
        ADD COLUMN deployment_variant varchar(64)`);
    await runner.query(`CREATE INDEX ix_usage_records_workspace_deployment_time ON usage_records (workspace_id, deployment_key, occurred_at) WHERE deployment_key IS NOT NULL`);

    await runner.query(`UPDATE api_keys SET scopes = scopes || ARRAY['deployments:read'] WHERE 'models:read' = ANY (scopes) AND NOT ('deployments:read' = ANY (scopes))`);
    await runner.query(`UPDATE api_keys SET scopes = scopes || ARRAY['deployments:write'] WHERE 'models:write' = ANY (scopes) AND NOT ('deployments:write' = ANY (scopes))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`UPDATE api_keys SET scopes = array_remove(array_remove(scopes, 'deployments:read'), 'deployments:write')`);
    await runner.query(`DROP INDEX ix_usage_records_workspace_deployment_time`);
    await runner.query(`
      ALTER TABLE usage_records
        DROP COLUMN deployment_id, DROP COLUMN deployment_key, DROP COLUMN deployment_version, DROP COLUMN deployment_variant`);
    await runner.query(`DROP TABLE deployment_versions`);
    await runner.query(`DROP FUNCTION deployment_versions_immutable()`);
    await runner.query(`DROP TABLE deployments`);
  }
}
