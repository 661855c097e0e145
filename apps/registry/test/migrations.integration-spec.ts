import { Client } from 'pg';
import { runMigrations } from '../src/database/data-source';
import { MIGRATIONS } from '../src/database/migrations';

/** Smoke test of the real migration path on PostgreSQL: a fresh schema, then a re-run that changes nothing. */
describe('registry migrations (PostgreSQL)', () => {
  const url = process.env['DATABASE_URL']!;
  const schema = `migrations_smoke_${process.pid}`;
  const client = new Client({ connectionString: url });

  beforeAll(() => client.connect());
  afterAll(async () => {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });

  it('applies every migration to an empty schema, in order', async () => {
    const applied = await runMigrations(url, schema);
    expect(applied).toEqual(MIGRATIONS.map((m) => m.name));
    const tables = await client.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [schema]);
    expect(tables.rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(['migrations', 'workspaces', 'outbox']));
  });

  it('is a no-op when the schema is up to date', async () => {
    await expect(runMigrations(url, schema)).resolves.toEqual([]);
  });
});
