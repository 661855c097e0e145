import 'reflect-metadata';
import { createHttpApp, createLogger, loadConfig } from '@model-garden/platform';
import { AppModule } from './app.module';
import { RegistryConfig } from './config/registry.config';

async function bootstrap(): Promise<void> {
  const config = loadConfig(RegistryConfig);
  const logger = createLogger({ service: 'registry', level: config.LOG_LEVEL });
  await createHttpApp(AppModule.forRoot(config, logger), {
    service: 'registry',
    host: config.REGISTRY_HOST,
    port: config.REGISTRY_PORT,
    logger,
    bodyLimitBytes: config.REGISTRY_BODY_LIMIT_BYTES,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_SECONDS * 1000,
  });
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`registry failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
