import { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { type AppLogger, LOGGER, requestIdFor, tracingEnabled } from '@model-garden/platform';
import { type Admission, RequestAdmission } from '../auth/request-admission.service';
import { ModelsListingService } from '../catalogue/models-listing.service';
import { GatewayConfig } from '../config/gateway.config';
import { type WorkspaceKey } from '../auth/api-key-authenticator.service';
import { CHAT_COMPLETIONS, type EndpointSpec, INFERENCE_ENDPOINTS } from '../inference/endpoints.constant';
import { DeploymentsService } from '../deployments/deployments.service';
import { InferenceService } from '../inference/inference.service';
import { InferenceTrace } from '../inference/inference-trace';
import { GATEWAY_ERROR_CODES, GatewayError } from '../shared/gateway.exception';
import { handleCors, parseCorsOrigins } from './cors';
import { BodyReadError, type InboundRequest, readJsonBody, sendError } from './http-io.util';

const HEALTH = '/health/';
const MODELS = '/v1/models';
/** orq.ai's Deployments API, served by the same router (same request ids, body limits, error shape). */
const V2_DEPLOYMENTS = '/v2/deployments';
const DEPLOYMENT_POSTS: Record<string, 'invoke' | 'stream' | 'get_config'> = {
  '/v2/deployments/invoke': 'invoke',
  '/v2/deployments/stream': 'stream',
  '/v2/deployments/get_config': 'get_config',
};

const CLOSE = { connection: 'close' } as const;

/** The path without its query, as a span's route (a model id in `/v1/models/<id>` stays out of the name). */
function routeOf(url: string): string {
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  if (path.startsWith(`${MODELS}/`)) return `${MODELS}/{model}`;
  // A span's name stays one of the API's routes: any other path (a 404) is named as such, not as sent.
  return path.startsWith('/v1/') || path.startsWith(V2_DEPLOYMENTS) ? path : '{unknown}';
}

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The OpenAI-compatible API (`/v1/*`) served straight from Node's HTTP server, in
 * front of Fastify: measured on this project's machines, Fastify's per-request
 * machinery (hooks, content-type parser with its async resource, reply object)
 * cost more than the whole latency budget of the gateway. Everything else (health,
 * metrics) still goes to the Nest application on Fastify, which also owns the
 * server's lifecycle. Every answer carries `x-request-id`; every error is in
 * OpenAI's shape. A request is admitted (key, limits, loop check) from its headers
 * before its body is read: a refused one is answered at once and its connection closed.
 */
@Injectable()
export class OpenAiRouter {
  private readonly routes = new Map<string, EndpointSpec>(INFERENCE_ENDPOINTS.map((spec) => [spec.route, spec]));
  private readonly log: AppLogger;
  private readonly corsOrigins: ReadonlySet<string>;

  constructor(
    private readonly config: GatewayConfig,
    private readonly inference: InferenceService,
    private readonly models: ModelsListingService,
    private readonly deployments: DeploymentsService,
    private readonly admission: RequestAdmission,
    @Inject(LOGGER) logger: AppLogger,
  ) {
    this.log = logger.child({ component: 'openai-router' });
    this.corsOrigins = parseCorsOrigins(config.GATEWAY_CORS_ORIGINS);
  }

  /** Puts the router in front of the server's existing request listeners (Fastify's). */
  attach(server: Server): void {
    const others = server.listeners('request') as RequestListener[];
    server.removeAllListeners('request');
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (this.corsOrigins.size > 0 && handleCors(req, res, this.corsOrigins)) return;
      const url = req.url ?? '/';
      // Only health checks are Nest's: every other path is the API's, so even a wrong one is answered in OpenAI's error shape.
      if (url.startsWith(HEALTH)) {
        for (const listener of others) listener.call(server, req, res);
        return;
      }
      if (tracingEnabled()) InferenceTrace.serve(req, res, routeOf(url), () => this.dispatch(req, res, url));
      else this.dispatch(req, res, url);
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
        void this.post(inbound, req, res, (error) => this.inference.refuse(spec, inbound, res, error), (key) => this.inference.handle(spec, inbound, res, key));
        return;
      }
      const deployment = DEPLOYMENT_POSTS[path];
      if (deployment !== undefined) {
        // invoke and stream run the inference path: a refusal is counted and logged like one of /v1's.
        const refuse = (error: unknown): void => (deployment === 'get_config' ? this.refuse(res, id, error) : this.inference.refuse(CHAT_COMPLETIONS, inbound, res, error));
        void this.post(inbound, req, res, refuse, (key) =>
          deployment === 'get_config' ? this.deployments.getConfig(inbound, res, key) : this.deployments.invoke(inbound, res, key, deployment === 'stream'),
        );
        return;
      }
    } else if (inbound.method === 'GET') {
      if (path === V2_DEPLOYMENTS) {
        const params = new URLSearchParams(query === -1 ? '' : url.slice(query + 1));
        void this.admitted(inbound, req, res, (key) => this.deployments.list(inbound, key, params, res));
        return;
      }
      if (path === MODELS) {
        void this.admitted(inbound, req, res, (key) => this.models.list(inbound, key, res));
        return;
      }
      if (path.startsWith(`${MODELS}/`)) {
        void this.admitted(inbound, req, res, (key) => this.models.retrieve(inbound, key, path.slice(MODELS.length + 1), res));
        return;
      }
    }
    req.resume();
    sendError(res, id, new GatewayError(404, `Invalid URL (${inbound.method} ${path})`, 'invalid_request_error', GATEWAY_ERROR_CODES.unknownUrl));
  }

  /**
   * Admits the request from its headers, then reads its body and runs `handle` with the
   * admitted key; a refusal goes to `refuse` with the body unread.
   */
  private async post(
    inbound: InboundRequest,
    req: IncomingMessage,
    res: ServerResponse,
    refuse: (error: unknown) => void,
    handle: (key: WorkspaceKey) => Promise<void>,
  ): Promise<void> {
    let admission: Admission;
    try {
      admission = await this.admission.admit(req);
    } catch (error) {
      refuse(error);
      return;
    }
    try {
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
      await this.guard(res, inbound.id, handle(admission.key));
    } finally {
      this.admission.release(admission);
    }
  }

  /** A GET route (no body): admitted from its headers, then answered with the admitted key. */
  private async admitted(inbound: InboundRequest, req: IncomingMessage, res: ServerResponse, answer: (key: WorkspaceKey) => Promise<void>): Promise<void> {
    req.resume();
    let admission: Admission;
    try {
      admission = await this.admission.admit(req);
    } catch (error) {
      this.refuse(res, inbound.id, error);
      return;
    }
    try {
      await this.guard(res, inbound.id, answer(admission.key));
    } finally {
      this.admission.release(admission);
    }
  }

  /** Answers a refused admission (its body unread) and closes the connection. */
  private refuse(res: ServerResponse, requestId: string, error: unknown): void {
    if (error instanceof GatewayError) {
      sendError(res, requestId, error, CLOSE);
      return;
    }
    this.log.error({ err: error, requestId }, 'admitting a /v1 or /v2 request failed');
    sendError(res, requestId, GatewayError.internal(), CLOSE);
  }

  /** Last line of defence: a handler bug answers 500 in OpenAI's shape, never a stack. */
  private async guard(res: ServerResponse, requestId: string, work: Promise<void>): Promise<void> {
    try {
      await work;
    } catch (error) {
      this.log.error({ err: error, requestId }, 'a /v1 or /v2 handler failed');
      if (!res.headersSent) sendError(res, requestId, GatewayError.internal());
      else res.destroy();
    }
  }
}
