import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The registry's tables. Every lookup the services make has a unique constraint or
 * an index: API keys by prefix, models by (workspace, key), by workspace in
 * listing order and in service (health checks), unpublished outbox rows in order and per key, usage per workspace
 * and time.
 */
export class InitialSchema1764100000000 implements MigrationInterface {
  name = 'InitialSchema1764100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE workspaces (
        id uuid PRIMARY KEY,
        slug varchar(48) NOT NULL,
        name varchar(100) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_workspaces_slug UNIQUE (slug)
      )`);

    await runner.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        label varchar(100) NOT NULL,
        prefix varchar(16) NOT NULL,
        secret_hash char(64) NOT NULL,
        scopes text[] NOT NULL,
        expires_at timestamptz,
        revoked_at timestamptz,
        last_used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_api_keys_prefix UNIQUE (prefix)
      )`);
    await runner.query(`CREATE INDEX ix_api_keys_workspace ON api_keys (workspace_id, created_at DESC, id DESC)`);

    await runner.query(`
      CREATE TABLE models (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        key varchar(64) NOT NULL,
        name varchar(100) NOT NULL,
        description varchar(500),
        type varchar(16) NOT NULL CHECK (type IN ('chat', 'completion', 'embedding', 'image')),
        base_url varchar(2048) NOT NULL,
        upstream_model_id varchar(200) NOT NULL,
        region varchar(8) NOT NULL CHECK (region IN ('us', 'eu')),
        max_tokens integer CHECK (max_tokens BETWEEN 1 AND 1000000),
        temperature double precision CHECK (temperature BETWEEN 0 AND 2),
        price_input_per_million double precision CHECK (price_input_per_million >= 0),
        price_output_per_million double precision CHECK (price_output_per_million >= 0),
        price_per_image double precision CHECK (price_per_image >= 0),
        api_key_ciphertext text NOT NULL,
        api_key_key_id varchar(32) NOT NULL,
        api_key_hint varchar(32) NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('validating', 'active', 'failed', 'degraded')),
        status_message text,
        revision integer NOT NULL DEFAULT 1,
        validation jsonb,
        status_event_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_models_workspace_key UNIQUE (workspace_id, key)
      )`);
    await runner.query(`CREATE INDEX ix_models_workspace_created ON models (workspace_id, created_at DESC, id DESC)`);
    await runner.query(`CREATE INDEX ix_models_encryption_key ON models (api_key_key_id)`);
    await runner.query(`CREATE INDEX ix_models_in_service ON models (id) WHERE status IN ('active', 'degraded')`);

    await runner.query(`
      CREATE TABLE workspace_public_models (
        workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        ref varchar(200) NOT NULL,
        enabled boolean NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, ref)
      )`);

    await runner.query(`
      CREATE TABLE usage_records (
        request_id varchar(128) PRIMARY KEY,
        workspace_id uuid NOT NULL,
        api_key_id varchar(64) NOT NULL,
        model_id varchar(200) NOT NULL,
        model_ref varchar(300) NOT NULL,
        endpoint varchar(32) NOT NULL,
        status integer NOT NULL,
        error_code varchar(64),
        input_tokens integer NOT NULL,
        output_tokens integer NOT NULL,
        images integer NOT NULL DEFAULT 0,
        estimated boolean NOT NULL,
        cost_usd double precision NOT NULL,
        latency_ms integer NOT NULL,
        streamed boolean NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX ix_usage_records_workspace_time ON usage_records (workspace_id, occurred_at)`);

    await runner.query(`
      CREATE TABLE outbox (
        seq bigserial PRIMARY KEY,
        id uuid NOT NULL,
        topic varchar(200) NOT NULL,
        message_key varchar(200) NOT NULL,
        event jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        CONSTRAINT uq_outbox_id UNIQUE (id)
      )`);
    await runner.query(`CREATE INDEX ix_outbox_unpublished ON outbox (seq) WHERE published_at IS NULL`);
    await runner.query(`CREATE INDEX ix_outbox_unpublished_key ON outbox (message_key, seq) WHERE published_at IS NULL`);
    await runner.query(`CREATE INDEX ix_outbox_published ON outbox (published_at) WHERE published_at IS NOT NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['outbox', 'usage_records', 'workspace_public_models', 'models', 'api_keys', 'workspaces']) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}
