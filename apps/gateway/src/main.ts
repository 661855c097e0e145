import 'reflect-metadata';
import { createHttpApp, createLogger, loadConfig } from '@model-garden/platform';
import { AppModule } from './app.module';
import { GatewayConfig } from './config/gateway.config';

async function bootstrap(): Promise<void> {
  const config = loadConfig(GatewayConfig);
  const logger = createLogger({ service: 'gateway', level: config.LOG_LEVEL });
  await createHttpApp(AppModule.forRoot(config, logger), {
    service: 'gateway',
    host: config.GATEWAY_HOST,
    port: config.GATEWAY_PORT,
    logger,
    bodyLimitBytes: config.GATEWAY_BODY_LIMIT_BYTES,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_SECONDS * 1000,
  });
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
