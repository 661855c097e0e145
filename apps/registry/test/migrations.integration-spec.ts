import { randomUUID } from 'node:crypto';
import { SecretCipher } from '@model-garden/platform';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { decryptModelSecret } from '../src/models/model-secret.util';
import { dataSourceOptions, runMigrations } from '../src/database/data-source';
import { MIGRATIONS } from '../src/database/migrations';
import { ModelSecretBinding1796294417280 } from '../src/database/migrations/1796294417280-model-secret-binding';
import { UsageRollupsAndPartitions1796304305602 } from '../src/database/migrations/1796304305602-usage-rollups-and-partitions';
import { decodeHistogram, LATENCY_BUCKET_COUNT, latencyBucket } from '../src/usage/latency-histogram.util';

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

  it('lets two migrators start at once (replicas each running migrate): one applies everything, the other waits and finds nothing to do', async () => {
    const both = `${schema}_concurrent`;
    try {
      const results = await Promise.all([runMigrations(url, both), runMigrations(url, both)]);
      expect(results.map((applied) => applied.length).sort((a, b) => a - b)).toEqual([0, MIGRATIONS.length]);
      const rows = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${both}".migrations`);
      expect(rows.rows[0]!.n).toBe(MIGRATIONS.length);
    } finally {
      await client.query(`DROP SCHEMA IF EXISTS "${both}" CASCADE`);
    }
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

/**
 * The migration that partitions usage_records keeps every row and every column the table
 * has when it runs (`region`, which UsageRegion added before it, and here a column and an
 * index that only this test adds, standing for any other migration's), and fills the
 * rollups from the rows.
 */
describe('migration UsageRollupsAndPartitions (PostgreSQL)', () => {
  const url = process.env['DATABASE_URL']!;
  const schema = `migrations_usage_${process.pid}`;
  const client = new Client({ connectionString: url });
  const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(UsageRollupsAndPartitions1796304305602));
  const workspaceId = '6f9619ff-8b86-4d11-b42d-00c04fc964ff';

  beforeAll(async () => {
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await runMigrations(url, schema, { migrations: before });
    await client.query(`ALTER TABLE "${schema}".usage_records ADD COLUMN annotation varchar(16)`);
    await client.query(`CREATE INDEX ix_usage_records_workspace_region_time ON "${schema}".usage_records (workspace_id, region, occurred_at)`);
    await client.query(
      `INSERT INTO "${schema}".usage_records (request_id, workspace_id, api_key_id, model_id, model_ref, endpoint, status, error_code, input_tokens, output_tokens, images, estimated, cost_usd, latency_ms, streamed, occurred_at, deployment_key, deployment_version, deployment_variant, region, annotation)
       SELECT 'r' || i, $1, 'key-' || (i % 2), 'm', 'acme@openailike/m', 'chat.completions', CASE WHEN i % 4 = 0 THEN 502 ELSE 200 END, NULL, i, 2 * i, 0, false, 0.5,
              10 * i, false, timestamptz '2025-06-01T00:00:00Z' + i * interval '7 hours', CASE WHEN i % 3 = 0 THEN 'support' END, CASE WHEN i % 3 = 0 THEN 1 END, CASE WHEN i % 3 = 0 THEN 'a' END, 'eu', 'note-' || (i % 2)
       FROM generate_series(1, 40) AS i`,
      [workspaceId],
    );
    await runMigrations(url, schema);
  });

  afterAll(async () => {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });

  it('keeps every row and column (region included) in a table partitioned by day, with its indexes', async () => {
    const { rows } = await client.query<{ n: number; regions: string[]; annotations: string[]; tokens: string }>(
      `SELECT count(*)::int AS n, array_agg(DISTINCT region) AS regions, array_agg(DISTINCT annotation ORDER BY annotation) AS annotations, sum(input_tokens) AS tokens FROM "${schema}".usage_records`,
    );
    expect(rows[0]).toEqual({ n: 40, regions: ['eu'], annotations: ['note-0', 'note-1'], tokens: '820' });
    const partitioned = await client.query(`SELECT 1 FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid WHERE c.relname = 'usage_records' AND c.relnamespace = $1::regnamespace`, [schema]);
    expect(partitioned.rowCount).toBe(1);
    // 40 records 7 hours apart span 12 days: one partition each, plus today's and the week ahead.
    const partitions = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = $1::regclass`, [`"${schema}".usage_records`]);
    expect(partitions.rows[0]!.n).toBeGreaterThanOrEqual(12 + 8);
    const indexes = await client.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = 'usage_records' ORDER BY indexname`, [schema]);
    expect(indexes.rows.map((r) => r.indexname)).toEqual(['ix_usage_records_workspace_deployment_time', 'ix_usage_records_workspace_region_time', 'ix_usage_records_workspace_time', 'usage_records_pkey']);
  });

  it('fills the rollups of every level from the rows', async () => {
    for (const level of ['minute', 'hour', 'day']) {
      const { rows } = await client.query<{ requests: string; errors: string; tokens: string; histogram: string }>(
        `SELECT sum(requests) AS requests, sum(errors) AS errors, sum(input_tokens) AS tokens, sum(latency_histogram)::text AS histogram FROM "${schema}".usage_rollups_${level}`,
      );
      expect({ ...rows[0], histogram: undefined }).toEqual({ requests: '40', errors: '10', tokens: '820', histogram: undefined });
      // Latencies 10, 20, ..., 400 ms, bucket by bucket.
      const expected = new Array<number>(LATENCY_BUCKET_COUNT).fill(0);
      for (let i = 1; i <= 40; i++) expected[latencyBucket(10 * i)]!++;
      expect(decodeHistogram(rows[0]!.histogram)).toEqual(expected);
    }
    const days = await client.query<{ n: number }>(`SELECT count(DISTINCT bucket)::int AS n FROM "${schema}".usage_rollups_day`);
    expect(days.rows[0]!.n).toBe(12);
  });
});
