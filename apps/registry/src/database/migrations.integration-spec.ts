import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from './data-source';
import { MIGRATIONS } from './migrations';

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

  it('gives the experiments scopes to existing keys that manage keys, and only to them', async () => {
    const upgraded = `${schema}_upgrade`;
    const first = new DataSource({ ...dataSourceOptions(url, upgraded), migrations: [MIGRATIONS[0]!] });
    await first.initialize();
    try {
      await first.query(`CREATE SCHEMA IF NOT EXISTS "${upgraded}"`);
      await first.runMigrations({ transaction: 'each' });
      const workspace = randomUUID();
      await first.query(`INSERT INTO workspaces (id, slug, name) VALUES ($1, 'w', 'W')`, [workspace]);
      const key = (prefix: string, scopes: string[]) =>
        first.query(`INSERT INTO api_keys (id, workspace_id, label, prefix, secret_hash, scopes) VALUES ($1, $2, $3, $3, $4, $5)`, [randomUUID(), workspace, prefix, 'a'.repeat(64), scopes]);
      await key('admin', ['models:read', 'models:write', 'inference', 'usage:read', 'api-keys:manage']);
      await key('inference', ['inference']);
    } finally {
      await first.destroy();
    }
    await runMigrations(url, upgraded);
    const keys = await client.query<{ label: string; scopes: string[] }>(`SELECT label, scopes FROM "${upgraded}".api_keys ORDER BY label`);
    expect(keys.rows).toEqual([
      { label: 'admin', scopes: ['models:read', 'models:write', 'inference', 'usage:read', 'api-keys:manage', 'experiments:read', 'experiments:write'] },
      { label: 'inference', scopes: ['inference'] },
    ]);
    await client.query(`DROP SCHEMA IF EXISTS "${upgraded}" CASCADE`);
  });
});
