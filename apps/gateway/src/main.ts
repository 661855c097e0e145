import 'reflect-metadata';
import { createLogger, loadConfig, startTracing } from '@model-garden/platform';
import { GatewayConfig } from './config/gateway.config';
import { createGatewayApp } from './gateway-app';

async function bootstrap(): Promise<void> {
  const config = loadConfig(GatewayConfig);
  const logger = createLogger({ service: 'gateway', level: config.LOG_LEVEL });
  await startTracing({ service: 'gateway', logger });
  await createGatewayApp(config, logger);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
