import 'reflect-metadata';
import { createHttpApp, createLogger, loadConfig, startTracing } from '@model-garden/platform';
import { AppModule } from './app.module';
import { ValidatorConfig } from './config/validator.config';

async function bootstrap(): Promise<void> {
  const config = loadConfig(ValidatorConfig);
  const logger = createLogger({ service: 'validator', level: config.LOG_LEVEL });
  await startTracing({ service: 'validator', logger });
  await createHttpApp(AppModule.forRoot(config, logger), {
    service: 'validator',
    host: config.VALIDATOR_HOST,
    port: config.VALIDATOR_PORT,
    internal: { host: config.VALIDATOR_INTERNAL_HOST, port: config.VALIDATOR_INTERNAL_PORT },
    logger,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_SECONDS * 1000,
  });
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`validator failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
