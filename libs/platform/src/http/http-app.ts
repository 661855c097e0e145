import { randomUUID } from 'node:crypto';
import { type Server } from 'node:http';
import { type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type FastifyInstance } from 'fastify';
import { HealthService } from '../health';
import { type AppLogger, NestPinoLogger } from '../logging';
import { MetricsService } from '../metrics';
import { shutdownTracing, TracingInterceptor } from '../tracing';
import { InternalListener, type InternalListenerOptions } from './internal-server';

export interface HttpAppOptions {
  service: string;
  host: string;
  port: number;
  logger: AppLogger;
  /** Request bodies larger than this are refused with 413 before they are parsed. */
  bodyLimitBytes?: number;
  shutdownTimeoutMs: number;
  /** Timeouts and the connection cap of the public server; DEFAULT_SERVER_LIMITS otherwise. */
  limits?: Partial<ServerLimits>;
  /** The internal listener (metrics, detailed readiness); without it, none runs. */
  internal?: InternalListenerOptions;
  /** Extra set-up (filters, pipes, Swagger, microservices) before listening. */
  configure?: (app: NestFastifyApplication) => Promise<void> | void;
}

/** How long a client may take and how many may connect: nothing waits forever on a slow or silent client. */
export interface ServerLimits {
  /** Time to receive a whole request (headers and body); then 408 and the connection closes. */
  requestTimeoutMs: number;
  /** Time to receive the request headers. */
  headersTimeoutMs: number;
  /** Time an idle keep-alive connection stays open. */
  keepAliveTimeoutMs: number;
  /** Open connections at most; more are closed at once. */
  maxConnections: number;
}

export const DEFAULT_SERVER_LIMITS: Readonly<ServerLimits> = Object.freeze({
  requestTimeoutMs: 60_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 10_000,
});

const internalListeners = new WeakMap<object, InternalListener>();

/** The URL of an app's internal listener (metrics, detailed readiness), or undefined when it runs none. */
export function internalUrlOf(app: object): string | undefined {
  return internalListeners.get(app)?.url;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Reuses a well-formed incoming `x-request-id`, or makes one. */
export function requestIdFor(header: unknown): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

/**
 * Creates a NestJS application on Fastify the way every service runs: JSON logs,
 * an `x-request-id` on every response, HTTP metrics, bounded bodies, request and
 * header deadlines with a connection cap, metrics and detailed readiness on an
 * internal listener only, and a graceful shutdown that turns readiness off, drains
 * and then closes.
 */
export async function createHttpApp(module: Type<unknown> | DynamicModule, options: HttpAppOptions): Promise<NestFastifyApplication> {
  const limits: ServerLimits = { ...DEFAULT_SERVER_LIMITS, ...options.limits };
  const adapter = new FastifyAdapter({
    bodyLimit: options.bodyLimitBytes ?? 1_048_576,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // Node checks the request and header deadlines on this interval (30 s by default, longer than the deadlines themselves).
    http: { connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs), headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) },
    genReqId: (req: { headers: Record<string, unknown> }) => requestIdFor(req.headers['x-request-id']),
    forceCloseConnections: false,
    return503OnClosing: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    logger: new NestPinoLogger(options.logger.child({ component: 'nest' })),
    bufferLogs: false,
    // The JSON parser is ours (acceptEmptyJsonBodies): Nest must not register its own.
    bodyParser: false,
  });
  // A server span per handled request when tracing is on (a pass-through otherwise).
  app.useGlobalInterceptors(new TracingInterceptor());
  const metrics = app.get(MetricsService);
  const fastify = app.getHttpAdapter().getInstance();
  acceptEmptyJsonBodies(fastify);
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const labels = { method: request.method, route, status: String(reply.statusCode) };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
  });
  const server = app.getHttpServer() as Server;
  server.headersTimeout = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  server.maxConnections = limits.maxConnections;
  if (options.internal !== undefined) {
    const internal = await InternalListener.start(app.get(HealthService), metrics, options.internal);
    internalListeners.set(app, internal);
    fastify.addHook('onClose', async () => internal.close());
  }
  await options.configure?.(app);
  installGracefulShutdown(app, options);
  await app.listen(options.port, options.host);
  options.logger.info({ url: await app.getUrl(), internalUrl: internalUrlOf(app) }, `${options.service} listening`);
  return app;
}

/**
 * Many fetch wrappers send `content-type: application/json` with no body on DELETE and
 * body-less POSTs. Fastify's JSON parser refuses that (400 "body is empty"); this one
 * reads an empty body as no body, and parses everything else with Fastify's own parser
 * (prototype and constructor poisoning refused). A route that needs a body still says
 * which fields are missing.
 */
export function acceptEmptyJsonBodies(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, text, done);
  });
}

/** SIGTERM/SIGINT: readiness goes false, in-flight requests finish, then the app closes (bounded by the timeout). */
export function installGracefulShutdown(app: INestApplication, options: { service: string; logger: AppLogger; shutdownTimeoutMs: number }): void {
  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    options.logger.info({ signal }, `${options.service} shutting down`);
    app.get(HealthService).markShuttingDown();
    const timer = setTimeout(() => {
      options.logger.error({ timeoutMs: options.shutdownTimeoutMs }, 'graceful shutdown timed out; exiting');
      process.exit(1);
    }, options.shutdownTimeoutMs);
    timer.unref();
    app
      .close()
      .then(() => shutdownTracing())
      .then(() => {
        options.logger.info('shutdown complete');
        options.logger.flush();
        process.exit(0);
      })
      .catch((error: unknown) => {
        options.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
