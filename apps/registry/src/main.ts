import 'reflect-metadata';
import { createLogger, loadConfig, startTracing } from '@model-garden/platform';
import { RegistryConfig } from './config/registry.config';
import { createRegistryApp } from './registry-app';

async function bootstrap(): Promise<void> {
  const config = loadConfig(RegistryConfig);
  const logger = createLogger({ service: 'registry', level: config.LOG_LEVEL });
  await startTracing({ service: 'registry', logger });
  await createRegistryApp(config, logger);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`registry failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
