import { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { type AppLogger, LOGGER, requestIdFor } from '@model-garden/platform';
import { ModelsListingService } from '../catalogue/models-listing.service';
import { GatewayConfig } from '../config/gateway.config';
import { type EndpointSpec, INFERENCE_ENDPOINTS } from '../inference/endpoints.constant';
import { InferenceService } from '../inference/inference.service';
import { GATEWAY_ERROR_CODES, GatewayError } from '../shared/gateway.exception';
import { BodyReadError, type InboundRequest, readJsonBody, sendError } from './http-io.util';

const V1 = '/v1/';
const MODELS = '/v1/models';

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The OpenAI-compatible API (`/v1/*`) served straight from Node's HTTP server, in
 * front of Fastify: measured on this project's machines, Fastify's per-request
 * machinery (hooks, content-type parser with its async resource, reply object)
 * cost more than the whole latency budget of the gateway. Everything else (health,
 * metrics) still goes to the Nest application on Fastify, which also owns the
 * server's lifecycle. Every answer carries `x-request-id`; every error is in
 * OpenAI's shape.
 */
@Injectable()
export class OpenAiRouter {
  private readonly routes = new Map<string, EndpointSpec>(INFERENCE_ENDPOINTS.map((spec) => [spec.route, spec]));
  private readonly log: AppLogger;

  constructor(
    private readonly config: GatewayConfig,
    private readonly inference: InferenceService,
    private readonly models: ModelsListingService,
    @Inject(LOGGER) logger: AppLogger,
  ) {
    this.log = logger.child({ component: 'openai-router' });
  }

  /** Puts the router in front of the server's existing request listeners (Fastify's). */
  attach(server: Server): void {
    const others = server.listeners('request') as RequestListener[];
    server.removeAllListeners('request');
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const url = req.url ?? '/';
      if (url.startsWith(V1)) {
        this.dispatch(req, res, url);
        return;
      }
      for (const listener of others) listener.call(server, req, res);
    });
  }

  dispatch(req: IncomingMessage, res: ServerResponse, url: string): void {
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    const incomingId = req.headers['x-request-id'];
    const id = requestIdFor(incomingId);
    const inbound: InboundRequest = { id, method: req.method ?? 'GET', path, headers: req.headers, body: undefined, clientRequestId: incomingId === id };
    if (inbound.method === 'POST') {
      const spec = this.routes.get(path);
      if (spec !== undefined) {
        void this.post(spec, inbound, req, res);
        return;
      }
    } else if (inbound.method === 'GET') {
      if (path === MODELS) {
        void this.guard(res, id, this.models.list(inbound, res));
        return;
      }
      if (path.startsWith(`${MODELS}/`)) {
        void this.guard(res, id, this.models.retrieve(inbound, path.slice(MODELS.length + 1), res));
        return;
      }
    }
    req.resume();
    sendError(res, id, new GatewayError(404, `Invalid URL (${inbound.method} ${path})`, 'invalid_request_error', GATEWAY_ERROR_CODES.unknownUrl));
  }

  private async post(spec: EndpointSpec, inbound: InboundRequest, req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      inbound.body = await readJsonBody(req, this.config.GATEWAY_BODY_LIMIT_BYTES);
    } catch (error) {
      if (error instanceof BodyReadError) {
        sendError(res, inbound.id, error.failure, error.failure.status === 413 ? { connection: 'close' } : {});
      } else {
        res.destroy();
      }
      return;
    }
    await this.guard(res, inbound.id, this.inference.handle(spec, inbound, res));
  }

  /** Last line of defence: a handler bug answers 500 in OpenAI's shape, never a stack. */
  private async guard(res: ServerResponse, requestId: string, work: Promise<void>): Promise<void> {
    try {
      await work;
    } catch (error) {
      this.log.error({ err: error, requestId }, 'a /v1 handler failed');
      if (!res.headersSent) sendError(res, requestId, GatewayError.internal());
      else res.destroy();
    }
  }
}
