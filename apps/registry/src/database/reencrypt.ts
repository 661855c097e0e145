import 'reflect-metadata';
import { createLogger, loadConfig, SecretCipher } from '@model-garden/platform';
import { DataSource } from 'typeorm';
import { RegistryConfig } from '../config/registry.config';
import { dataSourceOptions } from './data-source';
import { SecretReencryptor } from './secret-reencryptor';

/**
 * `node dist/apps/registry/src/database/reencrypt.js`: re-encrypts every provider
 * key under the active key of ENCRYPTION_KEYS (ENCRYPTION_ACTIVE_KEY_ID, or the
 * last entry). Exits 1 if a secret could not be decrypted.
 */
async function main(): Promise<void> {
  const config = loadConfig(RegistryConfig);
  const logger = createLogger({ service: 'registry-reencrypt', level: config.LOG_LEVEL });
  const cipher = SecretCipher.fromEnv(config.ENCRYPTION_KEYS, config.ENCRYPTION_ACTIVE_KEY_ID);
  const dataSource = new DataSource(dataSourceOptions(config.DATABASE_URL, config.DATABASE_SCHEMA));
  await dataSource.initialize();
  try {
    const report = await new SecretReencryptor(dataSource, cipher).run();
    logger.info({ activeKeyId: report.activeKeyId, reencrypted: report.reencrypted, failed: report.failed }, 're-encryption finished');
    logger.flush();
    if (report.failed.length > 0) process.exitCode = 1;
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
