import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Datasets (with versioned datapoints), evaluators, experiments, runs and cells.
 * A datapoint row is one version: editing a datapoint closes its row at the dataset's
 * new revision and inserts another, so a run that recorded revision R reads exactly
 * the rows alive at R. Cells are unique per (run, datapoint, column, repetition); the
 * run row carries the counts per cell status, updated in the cell's transaction.
 * Keys that manage a workspace's keys (its administrators' keys, the first key of
 * every workspace among them) get the two new scopes, since a key can only grant
 * scopes it holds: without them no existing workspace could ever use experiments.
 */
export class Experiments1765000000000 implements MigrationInterface {
  name = 'Experiments1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE datasets (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        name varchar(100) NOT NULL,
        description varchar(1000),
        revision integer NOT NULL DEFAULT 0,
        row_count integer NOT NULL DEFAULT 0 CHECK (row_count BETWEEN 0 AND 10000),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX ix_datasets_workspace ON datasets (workspace_id, created_at DESC, id DESC)`);

    await runner.query(`
      CREATE TABLE dataset_datapoints (
        version_id uuid PRIMARY KEY,
        dataset_id uuid NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
        datapoint_id uuid NOT NULL,
        position integer NOT NULL,
        inputs jsonb NOT NULL,
        messages jsonb,
        expected_output text,
        metadata jsonb NOT NULL,
        created_revision integer NOT NULL,
        deleted_revision integer,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE UNIQUE INDEX uq_datapoints_current ON dataset_datapoints (dataset_id, datapoint_id) WHERE deleted_revision IS NULL`);
    await runner.query(`CREATE INDEX ix_datapoints_current_position ON dataset_datapoints (dataset_id, position) WHERE deleted_revision IS NULL`);
    await runner.query(`CREATE INDEX ix_datapoints_revision ON dataset_datapoints (dataset_id, created_revision, position)`);

    await runner.query(`
      CREATE TABLE evaluators (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        name varchar(100) NOT NULL,
        description varchar(1000),
        type varchar(32) NOT NULL CHECK (type IN ('exact_match', 'contains', 'regex', 'valid_json', 'json_schema', 'levenshtein', 'length', 'cosine_similarity', 'llm_judge')),
        config jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX ix_evaluators_workspace ON evaluators (workspace_id, created_at DESC, id DESC)`);

    await runner.query(`
      CREATE TABLE experiments (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        name varchar(100) NOT NULL,
        description varchar(1000),
        dataset_id uuid NOT NULL REFERENCES datasets (id) ON DELETE RESTRICT,
        columns jsonb NOT NULL,
        evaluator_ids text[] NOT NULL,
        repetitions integer NOT NULL CHECK (repetitions BETWEEN 1 AND 10),
        concurrency_per_model integer NOT NULL CHECK (concurrency_per_model BETWEEN 1 AND 64),
        run_count integer NOT NULL DEFAULT 0,
        last_run_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX ix_experiments_workspace ON experiments (workspace_id, created_at DESC, id DESC)`);
    await runner.query(`CREATE INDEX ix_experiments_dataset ON experiments (dataset_id)`);

    await runner.query(`
      CREATE TABLE experiment_runs (
        id uuid PRIMARY KEY,
        experiment_id uuid NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
        workspace_id uuid NOT NULL,
        number integer NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
        status_message varchar(1000),
        snapshot jsonb NOT NULL,
        dataset_id uuid NOT NULL,
        dataset_revision integer NOT NULL,
        dispatch integer NOT NULL DEFAULT 1,
        total_count integer NOT NULL DEFAULT 0,
        queued_count integer NOT NULL DEFAULT 0,
        completed_count integer NOT NULL DEFAULT 0,
        failed_count integer NOT NULL DEFAULT 0,
        cancelled_count integer NOT NULL DEFAULT 0,
        credential_api_key_id uuid,
        credential_ciphertext text,
        credential_key_id varchar(64),
        credential_expires_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_experiment_runs_number UNIQUE (experiment_id, number)
      )`);
    await runner.query(`CREATE INDEX ix_experiment_runs_active ON experiment_runs (updated_at) WHERE status IN ('queued', 'running')`);

    await runner.query(`
      CREATE TABLE experiment_cells (
        id uuid PRIMARY KEY,
        run_id uuid NOT NULL REFERENCES experiment_runs (id) ON DELETE CASCADE,
        datapoint_version_id uuid NOT NULL,
        datapoint_id uuid NOT NULL,
        row_index integer NOT NULL,
        column_id varchar(64) NOT NULL,
        column_position integer NOT NULL,
        repetition integer NOT NULL,
        attempt integer NOT NULL DEFAULT 1,
        dispatch integer NOT NULL DEFAULT 1,
        status varchar(16) NOT NULL CHECK (status IN ('queued', 'completed', 'failed', 'cancelled')),
        output text,
        finish_reason varchar(64),
        latency_ms double precision,
        ttft_ms double precision,
        input_tokens bigint,
        output_tokens bigint,
        cost_usd double precision,
        scores jsonb NOT NULL DEFAULT '[]',
        error jsonb,
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT uq_experiment_cells_slot UNIQUE (run_id, datapoint_id, column_id, repetition)
      )`);
    await runner.query(`CREATE INDEX ix_experiment_cells_order ON experiment_cells (run_id, row_index, column_position, repetition)`);
    await runner.query(`CREATE INDEX ix_experiment_cells_updated ON experiment_cells (run_id, updated_at, id)`);
    await runner.query(`CREATE INDEX ix_experiment_cells_queued ON experiment_cells (run_id, dispatch, row_index, column_id, repetition) WHERE status = 'queued'`);

    await runner.query(
      `UPDATE api_keys SET scopes = scopes || ARRAY['experiments:read', 'experiments:write']::text[]
        WHERE 'api-keys:manage' = ANY (scopes) AND NOT ('experiments:write' = ANY (scopes))`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`UPDATE api_keys SET scopes = array_remove(array_remove(scopes, 'experiments:read'), 'experiments:write')`);
    for (const table of ['experiment_cells', 'experiment_runs', 'experiments', 'evaluators', 'dataset_datapoints', 'datasets']) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}
