import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Budgets, their durable ledger and their alert crossings, and the budget scopes for
 * existing API keys.
 *
 * - `budgets`: one limit set per scope (workspace, API key, model, deployment) and period;
 *   `reset_at`/`reset_count` record `POST /v1/budgets/{id}/reset` (the gateway keys its
 *   Redis counters by `reset_count`).
 * - `budget_ledger`: one row per gateway request, fed from UsageRecorded events (not
 *   from usage records: the usage tables are reworked on their own), idempotent by
 *   request id. Consumption of any budget in any window is a SUM over it; the gateway
 *   rebuilds its Redis counters from it after Redis lost them.
 * - `budget_alerts`: one row per budget, period start, metric and threshold crossed, so
 *   BudgetThresholdReached goes out once.
 * - Keys that may read usage may read budgets; keys that manage API keys may write them.
 */
export class Budgets1796304489400 implements MigrationInterface {
  name = 'Budgets1796304489400';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE budgets (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        name varchar(100) NOT NULL,
        scope_kind varchar(16) NOT NULL,
        scope_target_id varchar(200),
        period varchar(16) NOT NULL,
        amount_usd numeric(20, 9),
        token_limit bigint,
        requests_per_minute integer,
        alert_thresholds integer[] NOT NULL DEFAULT '{}',
        active boolean NOT NULL DEFAULT true,
        expires_at timestamptz,
        reset_at timestamptz,
        reset_count integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT ck_budgets_scope CHECK ((scope_kind = 'workspace') = (scope_target_id IS NULL)),
        CONSTRAINT ck_budgets_some_limit CHECK (amount_usd IS NOT NULL OR token_limit IS NOT NULL OR requests_per_minute IS NOT NULL)
      )`);
    await runner.query(`CREATE INDEX ix_budgets_workspace_created ON budgets (workspace_id, created_at DESC, id DESC)`);

    await runner.query(`
      CREATE TABLE budget_ledger (
        request_id varchar(160) PRIMARY KEY,
        workspace_id uuid NOT NULL,
        api_key_id varchar(64) NOT NULL,
        model_id varchar(200) NOT NULL,
        deployment_id uuid,
        cost_usd numeric(20, 9) NOT NULL,
        tokens bigint NOT NULL,
        cached boolean NOT NULL DEFAULT false,
        saved_cost_usd numeric(20, 9) NOT NULL DEFAULT 0,
        occurred_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX ix_budget_ledger_workspace_time ON budget_ledger (workspace_id, occurred_at)`);

    await runner.query(`
      CREATE TABLE budget_alerts (
        id uuid PRIMARY KEY,
        budget_id uuid NOT NULL REFERENCES budgets (id) ON DELETE CASCADE,
        workspace_id uuid NOT NULL,
        period_start timestamptz NOT NULL,
        metric varchar(16) NOT NULL,
        threshold integer NOT NULL,
        consumed numeric(24, 9) NOT NULL,
        limit_value numeric(24, 9) NOT NULL,
        reached_at timestamptz NOT NULL,
        CONSTRAINT uq_budget_alerts_once UNIQUE (budget_id, period_start, metric, threshold)
      )`);
    await runner.query(`CREATE INDEX ix_budget_alerts_workspace_reached ON budget_alerts (workspace_id, reached_at DESC)`);

    await runner.query(`UPDATE api_keys SET scopes = scopes || ARRAY['budgets:read'] WHERE 'usage:read' = ANY (scopes) AND NOT ('budgets:read' = ANY (scopes))`);
    await runner.query(`UPDATE api_keys SET scopes = scopes || ARRAY['budgets:write'] WHERE 'api-keys:manage' = ANY (scopes) AND NOT ('budgets:write' = ANY (scopes))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`UPDATE api_keys SET scopes = array_remove(array_remove(scopes, 'budgets:read'), 'budgets:write')`);
    await runner.query(`DROP TABLE budget_alerts`);
    await runner.query(`DROP TABLE budget_ledger`);
    await runner.query(`DROP TABLE budgets`);
  }
}
