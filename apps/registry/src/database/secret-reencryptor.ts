import { type SecretCipher } from '@model-garden/platform';
import { type DataSource } from 'typeorm';
import { decryptModelSecret, encryptModelSecret } from '../models/model-secret.util';

export interface ReencryptionReport {
  activeKeyId: string;
  reencrypted: number;
  /** Models whose key could not be decrypted (their key id is not in ENCRYPTION_KEYS). */
  failed: { modelId: string; keyId: string; reason: string }[];
  /**
   * Rows still under an older key id when the run ended: the failed ones, and rows a
   * live registry held locked through every pass (SKIP LOCKED). Zero means done.
   */
  remaining: number;
}

/** The re-encryptor's exit status: not 0 while any row remains on an old key id, so a script or job can tell. */
export function reencryptionExitCode(report: ReencryptionReport): number {
  return report.remaining > 0 || report.failed.length > 0 ? 1 : 0;
}

interface SecretRow {
  id: string;
  workspace_id: string;
  base_url: string;
  api_key_ciphertext: string;
  api_key_key_id: string;
}

/**
 * Key rotation, step two: after a new key is added to ENCRYPTION_KEYS and made
 * active, re-encrypts every provider key still under an older key id. Batches
 * are locked with SKIP LOCKED, so it runs safely beside live registries (which
 * lock a model's row while they change it). The plaintext does not change, so no
 * revision bump and no event.
 */
export class SecretReencryptor {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: SecretCipher,
    private readonly batchSize = 100,
    /** Extra passes over rows that were locked, spaced by `retryDelayMs`. */
    private readonly lockedRetries = 3,
    private readonly retryDelayMs = 500,
  ) {}

  async run(): Promise<ReencryptionReport> {
    const report: ReencryptionReport = { activeKeyId: this.cipher.activeKeyId, reencrypted: 0, failed: [], remaining: 0 };
    for (let pass = 0; ; pass += 1) {
      await this.pass(report);
      report.remaining = await this.remaining();
      if (report.remaining <= report.failed.length || pass >= this.lockedRetries) return report;
      await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs));
    }
  }

  /** Rows not yet under the active key (failed ones included). */
  private async remaining(): Promise<number> {
    const [row] = (await this.dataSource.query('SELECT count(*)::int AS n FROM models WHERE api_key_key_id <> $1', [this.cipher.activeKeyId])) as { n: number }[];
    return row?.n ?? 0;
  }

  /** One pass over every row it can lock now. */
  private async pass(report: ReencryptionReport): Promise<void> {
    for (;;) {
      const skip = report.failed.map((f) => f.modelId);
      const done = await this.dataSource.transaction(async (manager) => {
        const rows: SecretRow[] = await manager.query(
          `SELECT id, workspace_id, base_url, api_key_ciphertext, api_key_key_id FROM models
            WHERE api_key_key_id <> $1 AND NOT (id = ANY($2::uuid[]))
            ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED`,
          [this.cipher.activeKeyId, skip, this.batchSize],
        );
        for (const row of rows) {
          try {
            const binding = { id: row.id, workspaceId: row.workspace_id, baseUrl: row.base_url };
            const plaintext = decryptModelSecret(this.cipher, { keyId: row.api_key_key_id, ciphertext: row.api_key_ciphertext }, binding);
            const secret = encryptModelSecret(this.cipher, plaintext, binding);
            await manager.query('UPDATE models SET api_key_ciphertext = $1, api_key_key_id = $2 WHERE id = $3', [secret.ciphertext, secret.keyId, row.id]);
            report.reencrypted += 1;
          } catch (error) {
            report.failed.push({ modelId: row.id, keyId: row.api_key_key_id, reason: error instanceof Error ? error.message : String(error) });
          }
        }
        return rows.length < this.batchSize;
      });
      if (done) return;
    }
  }
}
