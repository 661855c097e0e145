import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Workspaces and the transactional outbox: the base every later table hangs off. */
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
      CREATE TABLE outbox (
        id uuid PRIMARY KEY,
        topic varchar(200) NOT NULL,
        message_key varchar(200) NOT NULL,
        event jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        attempts int NOT NULL DEFAULT 0,
        last_error text
      )`);
    await runner.query(`CREATE INDEX ix_outbox_unpublished ON outbox (created_at) WHERE published_at IS NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE outbox`);
    await runner.query(`DROP TABLE workspaces`);
  }
}
