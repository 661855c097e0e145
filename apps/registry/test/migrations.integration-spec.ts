import { randomUUID } from 'node:crypto';
import { SecretCipher } from '@model-garden/platform';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { decryptModelSecret } from '../src/models/model-secret.util';
import { dataSourceOptions, runMigrations } from '../src/database/data-source';
import { MIGRATIONS } from '../src/database/migrations';
import { ModelSecretBinding1796294417280 } from '../src/database/migrations/1796294417280-model-secret-binding';

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

  it('gives the deployments scopes to keys that manage models and the experiments scopes to keys that manage keys, and only to them', async () => {
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
      { label: 'admin', scopes: ['models:read', 'models:write', 'inference', 'usage:read', 'api-keys:manage', 'deployments:read', 'deployments:write', 'experiments:read', 'experiments:write', 'budgets:read', 'budgets:write'] },
      { label: 'inference', scopes: ['inference'] },
    ]);
    await client.query(`DROP SCHEMA IF EXISTS "${upgraded}" CASCADE`);
  });
});

/** The data migration that binds provider keys to workspace and base URL: it re-encrypts existing rows, or changes nothing. */
describe('migration ModelSecretBinding (PostgreSQL)', () => {
  const url = process.env['DATABASE_URL']!;
  const schema = `migrations_binding_${process.pid}`;
  const client = new Client({ connectionString: url });
  const cipher = SecretCipher.fromEnv(`k1:${Buffer.alloc(32, 7).toString('base64')}`);
  const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(ModelSecretBinding1796294417280));
  const workspaceId = '6f9619ff-8b86-4d11-b42d-00c04fc964ff';
  const modelId = '0b6f1c5e-3a0e-4a47-9d53-6e1d2f1b9d10';
  const baseUrl = 'https://api.example.com/v1';

  beforeAll(async () => {
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await runMigrations(url, schema, { migrations: before });
    const legacy = cipher.encrypt('sk-legacy-bound-to-the-model-id', modelId);
    await client.query(`INSERT INTO "${schema}".workspaces (id, slug, name) VALUES ($1, 'acme', 'Acme')`, [workspaceId]);
    await client.query(
      `INSERT INTO "${schema}".models (id, workspace_id, key, name, type, base_url, upstream_model_id, region, api_key_ciphertext, api_key_key_id, api_key_hint, status)
       VALUES ($1, $2, 'legacy', 'Legacy', 'chat', $3, 'legacy', 'us', $4, $5, 'sk-…cyid', 'active')`,
      [modelId, workspaceId, baseUrl, legacy.ciphertext, legacy.keyId],
    );
  });

  afterAll(async () => {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });

  it('refuses to run without the keyring when there are keys to re-encrypt, changing nothing', async () => {
    await expect(runMigrations(url, schema)).rejects.toThrow(/ModelSecretBinding1796294417280 re-encrypts 1 provider key\(s\) and needs the keyring/);
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".migrations WHERE name = 'ModelSecretBinding1796294417280'`);
    expect(rows[0]!.n).toBe(0);
  });

  it('re-encrypts every existing key under the new binding', async () => {
    expect(await runMigrations(url, schema, { cipher })).toContain('ModelSecretBinding1796294417280');
    const { rows } = await client.query<{ api_key_ciphertext: string; api_key_key_id: string }>(`SELECT api_key_ciphertext, api_key_key_id FROM "${schema}".models WHERE id = $1`, [modelId]);
    const stored = { keyId: rows[0]!.api_key_key_id, ciphertext: rows[0]!.api_key_ciphertext };
    expect(decryptModelSecret(cipher, stored, { id: modelId, workspaceId, baseUrl })).toBe('sk-legacy-bound-to-the-model-id');
    expect(() => cipher.decrypt(stored, modelId)).toThrow();
  });
});
