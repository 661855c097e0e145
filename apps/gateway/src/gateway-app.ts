import { type Server } from 'node:http';
import { type AppLogger, createHttpApp } from '@model-garden/platform';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { GatewayConfig } from './config/gateway.config';
import { OpenAiRouter } from './http/openai.router';

/**
 * Builds and starts the gateway: Nest on Fastify for wiring, health, metrics and the
 * server's lifecycle; the OpenAI-compatible `/v1` API on a lean router in front of Fastify.
 */
export async function createGatewayApp(config: GatewayConfig, logger: AppLogger): Promise<NestFastifyApplication> {
  return createHttpApp(AppModule.forRoot(config, logger), {
    service: 'gateway',
    host: config.GATEWAY_HOST,
    port: config.GATEWAY_PORT,
    internal: { host: config.GATEWAY_INTERNAL_HOST, port: config.GATEWAY_INTERNAL_PORT },
    logger,
    bodyLimitBytes: config.GATEWAY_BODY_LIMIT_BYTES,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    limits: {
      requestTimeoutMs: config.GATEWAY_REQUEST_TIMEOUT_MS,
      headersTimeoutMs: config.GATEWAY_HEADERS_TIMEOUT_MS,
      keepAliveTimeoutMs: config.GATEWAY_KEEPALIVE_TIMEOUT_MS,
      maxConnections: config.GATEWAY_MAX_CONNECTIONS,
    },
    configure: (app) => {
      app.get(OpenAiRouter).attach(app.getHttpServer() as Server);
    },
  });
}
