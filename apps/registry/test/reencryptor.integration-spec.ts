import { type CreateWorkspaceResponse, type ModelView } from '@model-garden/contracts';
import { SecretCipher } from '@model-garden/platform';
import { DataSource } from 'typeorm';
import { reencryptionExitCode, SecretReencryptor } from '../src/database/secret-reencryptor';
import { KEY_1, KEY_2, type RegistryHarness, startRegistry } from './registry-harness';

/** Key rotation is only done when no row is left under an old key id; until then the re-encryptor's exit code says so. */
describe('secret re-encryptor', () => {
  let registry: RegistryHarness;
  let acme: CreateWorkspaceResponse;
  const models: ModelView[] = [];
  const rotated = SecretCipher.fromEnv(`${KEY_1},${KEY_2}`);

  beforeAll(async () => {
    registry = await startRegistry('reencryptor');
    acme = await registry.createWorkspace('acme');
    for (let i = 0; i < 3; i += 1) {
      const created = await registry.request<ModelView>('POST', '/v1/models', {
        token: acme.apiKey.key,
        body: { type: 'chat', baseUrl: 'http://127.0.0.1:9/v1', apiKey: `sk-rotate-${i}-0000000000`, name: `Rotate ${i}`, modelId: `rotate-${i}`, region: 'us' },
      });
      models.push(created.body);
    }
  });

  afterAll(async () => {
    await registry?.close();
  });

  it('exits non-zero while a row stays locked by a live registry, and zero once a later run finishes it', async () => {
    const dataSource = registry.app.get(DataSource);
    const holder = await registry.db.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM models WHERE id = $1 FOR UPDATE', [models[0]!.id]);
      const report = await new SecretReencryptor(dataSource, rotated, 100, 1, 50).run();
      expect(report).toMatchObject({ reencrypted: 2, remaining: 1, failed: [] });
      expect(reencryptionExitCode(report)).toBe(1);
    } finally {
      await holder.query('COMMIT');
      holder.release();
    }
    const again = await new SecretReencryptor(dataSource, rotated, 100, 1, 50).run();
    expect(again).toMatchObject({ reencrypted: 1, remaining: 0, failed: [] });
    expect(reencryptionExitCode(again)).toBe(0);
  });

  it('exits non-zero when a row is under a key id the keyring does not hold', async () => {
    await registry.db.query(`UPDATE models SET api_key_key_id = 'k9' WHERE id = $1`, [models[1]!.id]);
    const report = await new SecretReencryptor(registry.app.get(DataSource), rotated, 100, 1, 50).run();
    expect(report).toMatchObject({ reencrypted: 0, remaining: 1, failed: [{ modelId: models[1]!.id, keyId: 'k9' }] });
    expect(reencryptionExitCode(report)).toBe(1);
  });
});
