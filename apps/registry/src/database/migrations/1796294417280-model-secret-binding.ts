import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { legacyModelSecretAad, modelSecretAad } from '../../models/model-secret.util';
import { migrationCipher } from '../migration-context';

interface Row {
  id: string;
  workspace_id: string;
  base_url: string;
  api_key_ciphertext: string;
  api_key_key_id: string;
}

/**
 * Binds every stored provider key to its workspace and base URL as well as its model
 * (modelSecretAad): each key is decrypted under the old associated data (the model id)
 * and encrypted again under the new one, in this migration's transaction. It needs the
 * keyring (ENCRYPTION_KEYS, given by migrate.js); a key it cannot decrypt stops it with
 * nothing changed.
 */
export class ModelSecretBinding1796294417280 implements MigrationInterface {
  name = 'ModelSecretBinding1796294417280';

  async up(runner: QueryRunner): Promise<void> {
    await this.rewrap(runner, (row) => legacyModelSecretAad(row), (row) => modelSecretAad(binding(row)));
  }

  async down(runner: QueryRunner): Promise<void> {
    await this.rewrap(runner, (row) => modelSecretAad(binding(row)), (row) => legacyModelSecretAad(row));
  }

  private async rewrap(runner: QueryRunner, from: (row: Row) => string, to: (row: Row) => string): Promise<void> {
    const rows: Row[] = await runner.query('SELECT id, workspace_id, base_url, api_key_ciphertext, api_key_key_id FROM models ORDER BY id FOR UPDATE');
    if (rows.length === 0) return;
    const cipher = migrationCipher();
    if (!cipher) throw new Error(`${this.name} re-encrypts ${rows.length} provider key(s) and needs the keyring: run migrate.js with ENCRYPTION_KEYS set`);
    for (const row of rows) {
      let plaintext: string;
      try {
        plaintext = cipher.decrypt({ keyId: row.api_key_key_id, ciphertext: row.api_key_ciphertext }, from(row));
      } catch (error) {
        throw new Error(`${this.name}: the provider key of model ${row.id} (key id ${row.api_key_key_id}) cannot be decrypted: ${error instanceof Error ? error.message : String(error)}; nothing was changed`);
      }
      const secret = cipher.encrypt(plaintext, to(row));
      await runner.query('UPDATE models SET api_key_ciphertext = $1, api_key_key_id = $2 WHERE id = $3', [secret.ciphertext, secret.keyId, row.id]);
    }
  }
}

function binding(row: Row): { id: string; workspaceId: string; baseUrl: string } {
  return { id: row.id, workspaceId: row.workspace_id, baseUrl: row.base_url };
}
