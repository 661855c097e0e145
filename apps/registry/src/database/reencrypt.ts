import 'reflect-metadata';
import { createLogger, loadConfig, SecretCipher } from '@model-garden/platform';
import { DataSource } from 'typeorm';
import { RegistryConfig } from '../config/registry.config';
import { dataSourceOptions } from './data-source';
import { reencryptionExitCode, SecretReencryptor } from './secret-reencryptor';

/**
 * `node dist/apps/registry/src/database/reencrypt.js`: re-encrypts every provider
 * key under the active key of ENCRYPTION_KEYS (ENCRYPTION_ACTIVE_KEY_ID, or the
 * last entry). Exits 1 while any row remains under an older key id (a secret that
 * could not be decrypted, or a row a live registry kept locked): run it again.
 */
async function main(): Promise<void> {
  const config = loadConfig(RegistryConfig);
  const logger = createLogger({ service: 'registry-reencrypt', level: config.LOG_LEVEL });
  const cipher = SecretCipher.fromEnv(config.ENCRYPTION_KEYS, config.ENCRYPTION_ACTIVE_KEY_ID);
  const dataSource = new DataSource(dataSourceOptions(config.DATABASE_URL, config.DATABASE_SCHEMA));
  await dataSource.initialize();
  try {
    const report = await new SecretReencryptor(dataSource, cipher).run();
    const exitCode = reencryptionExitCode(report);
    const summary = { activeKeyId: report.activeKeyId, reencrypted: report.reencrypted, remaining: report.remaining, failed: report.failed };
    if (exitCode === 0) logger.info(summary, 're-encryption finished: every provider key is under the active key');
    else logger.error(summary, 're-encryption incomplete: rows remain under an older key id; fix the failed ones (their key must be in ENCRYPTION_KEYS) and run it again');
    logger.flush();
    process.exitCode = exitCode;
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
