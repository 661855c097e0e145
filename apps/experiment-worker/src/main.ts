import 'reflect-metadata';
import { createHttpApp, createLogger, loadConfig, startTracing } from '@model-garden/platform';
import { AppModule } from './app.module';
import { ExperimentWorkerConfig } from './config/experiment-worker.config';

async function bootstrap(): Promise<void> {
  const config = loadConfig(ExperimentWorkerConfig);
  const logger = createLogger({ service: 'experiment-worker', level: config.LOG_LEVEL });
  await startTracing({ service: 'experiment-worker', logger });
  await createHttpApp(AppModule.forRoot(config, logger), {
    service: 'experiment-worker',
    host: config.EXPERIMENT_WORKER_HOST,
    port: config.EXPERIMENT_WORKER_PORT,
    internal: { host: config.EXPERIMENT_WORKER_INTERNAL_HOST, port: config.EXPERIMENT_WORKER_INTERNAL_PORT },
    logger,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_SECONDS * 1000,
  });
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`experiment-worker failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
