import { type AppLogger, createHttpApp } from '@model-garden/platform';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { useContainer } from 'class-validator';
import { AppModule } from './app.module';
import { type RegistryConfig } from './config/registry.config';
import { registerDatasetFileParsers } from './datasets/dataset-upload';
import { setupSwagger } from './docs/swagger';
import { grpcServerOptions } from './grpc/grpc-server.options';
import { OutboundBaseUrlConstraint } from './models/dtos/is-outbound-base-url.validator';
import { RegistryExceptionFilter } from './shared/registry-exception.filter';
import { RegistryValidationPipe } from './shared/registry-validation.pipe';
import { serveStudio } from './static-assets/studio-static';

/**
 * Builds and starts the registry exactly as `main.ts` runs it (tests use it too):
 * the REST API with its validation pipe, error filter and Swagger UI, the studio
 * build at /studio/ (when built), and the internal gRPC server on REGISTRY_GRPC_BIND.
 */
export async function createRegistryApp(config: RegistryConfig, logger: AppLogger): Promise<NestFastifyApplication> {
  return createHttpApp(AppModule.forRoot(config, logger), {
    service: 'registry',
    host: config.REGISTRY_HOST,
    port: config.REGISTRY_PORT,
    internal: { host: config.REGISTRY_INTERNAL_HOST, port: config.REGISTRY_INTERNAL_PORT },
    logger,
    bodyLimitBytes: config.REGISTRY_BODY_LIMIT_BYTES,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    configure: async (app) => {
      // The base URL validator needs the configured allowlist: class-validator takes it
      // from Nest's instance; every other class it instantiates itself.
      const baseUrlConstraint = app.get(OutboundBaseUrlConstraint);
      useContainer({ get: <T>(cls: new () => T): T | undefined => (cls === (OutboundBaseUrlConstraint as unknown) ? (baseUrlConstraint as T) : undefined) }, { fallback: true, fallbackOnErrors: true });
      registerDatasetFileParsers(app);
      app.useGlobalPipes(new RegistryValidationPipe());
      app.useGlobalFilters(new RegistryExceptionFilter(logger));
      setupSwagger(app);
      const studio = await serveStudio(app, { root: config.STUDIO_DIR, gatewayPublicUrl: config.GATEWAY_PUBLIC_URL });
      if (!studio.served) logger.info({ reason: studio.reason }, 'studio not served');
      app.connectMicroservice(grpcServerOptions(config), { inheritAppConfig: false });
      await app.startAllMicroservices();
    },
  });
}
