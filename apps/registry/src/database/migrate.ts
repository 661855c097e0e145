import { createLogger, loadConfig, SecretCipher } from '@model-garden/platform';
import { RegistryConfig } from '../config/registry.config';
import { runMigrations } from './data-source';

/** `node dist/apps/registry/src/database/migrate.js`: applies pending migrations and exits. */
async function main(): Promise<void> {
  const config = loadConfig(RegistryConfig);
  const logger = createLogger({ service: 'registry-migrate', level: config.LOG_LEVEL });
  const cipher = SecretCipher.fromEnv(config.ENCRYPTION_KEYS, config.ENCRYPTION_ACTIVE_KEY_ID);
  const applied = await runMigrations(config.DATABASE_URL, config.DATABASE_SCHEMA, { cipher });
  logger.info({ applied, schema: config.DATABASE_SCHEMA }, applied.length ? 'migrations applied' : 'database schema is up to date');
  logger.flush();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
