import { Inject, Injectable } from '@nestjs/common';
import { type AppLogger, LOGGER, tracingEnabled } from '@model-garden/platform';
import { type ServerResponse } from 'node:http';
import { type WorkspaceKey } from '../auth/api-key-authenticator.service';
import { BudgetGuard } from '../budgets/budget-guard.service';
import { answerFromCache } from '../cache/cache-replay.util';
import { type CacheOption, takeCacheOption } from '../cache/cache-request.util';
import { ResponseCache } from '../cache/response-cache.service';
import { ModelResolver } from '../catalogue/model-resolver.service';
import { GatewayConfig } from '../config/gateway.config';
import { type InboundRequest, sendError } from '../http/http-io.util';
import { InFlightRequests } from '../lifecycle/in-flight-requests.service';
import { GatewayMetrics } from '../metrics/gateway.metrics';
import { GATEWAY_ERROR_CODES, GatewayError } from '../shared/gateway.exception';
import { UpstreamAttempts } from '../upstream/upstream-attempts.service';
import { UsageAccountant } from '../usage/usage-accountant.service';
import { type EndpointSpec } from './endpoints.constant';
import { Exchange } from './exchange';
import { InferenceTrace } from './inference-trace';
import { isRecord, type RequestOptionLimits, type RequestOptions, takeRequestOptions } from './request-options.util';
import { assertRegionAllowed } from './region-policy.util';
import { assertModelServes, assertRequestShape } from './request-rules.util';

/** What a request asks of the shared path: the OpenAI body, the model named in it, the request options. */
export interface InferencePlan {
  body: Record<string, unknown>;
  requested: string;
  options: RequestOptions;
  /** A deployment variant whose model cannot serve (failed, unavailable) goes straight to its fallbacks. */
  fallBackFromUnservable: boolean;
  /** How errors name the model when `requested` is not what the client wrote (a deployment pins models by id). */
  label?: string;
  /** `cache: {type: "exact_match", ttl}`, taken from the body. */
  cache?: CacheOption;
}

const CLOSE_CONNECTION = { connection: 'close' } as const;

/**
 * The inference path of `POST /v1/{chat/completions,completions,embeddings,images/generations}`
 * and `/v2/deployments/{invoke,stream}`, step by step:
 * 1. plan: the body checked (`request-rules.util`), the request options taken out of it
 *    (`request-options.util`); a deployment's plan routes and templates instead;
 * 2. resolve the model (cached, `ModelResolver`) and check that it may serve the request;
 *    answer from the exact-match cache when asked (`cache/`), else reserve in the
 *    applicable budgets (`budgets/`: a 429 when one is used up);
 * 3. serve: the upstream call with retries and fallbacks, the answer passed through
 *    (`UpstreamAttempts` in `upstream/`, `AnswerRelay` for the answer);
 * 4. account: one usage event, appended to the journal right before the answer's last
 *    write (`Exchange.lastWrite`), the budgets settled with the actual cost, a miss's answer
 *    stored in the cache; then metrics and the access log line (`UsageAccountant` in `usage/`).
 * Errors before the answer started are answered in OpenAI's shape; the request is
 * tracked in flight so a shutdown drains it.
 */
@Injectable()
export class InferenceService {
  private readonly log: AppLogger;
  private readonly optionLimits: RequestOptionLimits;

  constructor(
    config: GatewayConfig,
    private readonly models: ModelResolver,
    private readonly attempts: UpstreamAttempts,
    private readonly accountant: UsageAccountant,
    private readonly metrics: GatewayMetrics,
    private readonly inFlight: InFlightRequests,
    private readonly responseCache: ResponseCache,
    private readonly budgets: BudgetGuard,
    @Inject(LOGGER) logger: AppLogger,
  ) {
    this.log = logger.child({ component: 'inference' });
    this.optionLimits = {
      defaultRetryCount: config.GATEWAY_RETRY_DEFAULT_COUNT,
      maxRetryCount: config.GATEWAY_RETRY_MAX_COUNT,
      defaultCallTimeoutMs: config.GATEWAY_UPSTREAM_TIMEOUT_MS,
    };
  }

  /** Serves one admitted `/v1/*` request (`key` from RequestAdmission, the body read). Its plan needs no I/O: it runs synchronously. */
  handle(spec: EndpointSpec, request: InboundRequest, res: ServerResponse, key: WorkspaceKey): Promise<void> {
    return this.run(spec, request, res, key, () => {
      if (!isRecord(request.body)) {
        throw GatewayError.invalidRequest('The body must be a JSON object.', null, GATEWAY_ERROR_CODES.invalidJson);
      }
      const body = request.body;
      const requested = assertRequestShape(spec, body);
      const options = takeRequestOptions(body, this.optionLimits);
      return { body, requested, options, fallBackFromUnservable: false, cache: takeCacheOption(spec.endpoint, body) };
    });
  }

  /**
   * The one inference path for a request admitted by RequestAdmission (`key`, the body
   * read): let `plan` turn the request into an OpenAI body with its options (it may set
   * a shaper and a deployment on the exchange), resolve and check the model, serve it
   * with retries and fallbacks, and account for it. `/v1/*` and `/v2/deployments/*`
   * both run here.
   */
  async run(spec: EndpointSpec, request: InboundRequest, res: ServerResponse, key: WorkspaceKey, plan: (exchange: Exchange) => InferencePlan | Promise<InferencePlan>): Promise<void> {
    const exchange = new Exchange(spec, request.id, res);
    exchange.key = key;
    exchange.clientChoseId = request.clientRequestId;
    exchange.settler = this.accountant.settle;
    if (this.inFlight.draining) {
      this.sendError(exchange, res, GatewayError.shuttingDown());
      return;
    }
    // Left on the response: after the answer finished, `onClose` does nothing (no wrapper or removal per request).
    res.on('close', exchange.onClose);
    this.inFlight.add(exchange);
    const series = this.metrics.endpoint(spec.endpoint);
    series.inFlight += 1;
    let body: Record<string, unknown> | undefined;
    try {
      const planned = await plan(exchange);
      body = planned.body;
      exchange.body = body;
      if (tracingEnabled()) exchange.trace = InferenceTrace.begin(spec.endpoint, body);
      const { requested, options } = planned;
      const shown = planned.label ?? requested;
      // From the cache without waiting when it is there (the common case), else from the registry.
      let primary = this.models.cached(key.workspaceId, requested);
      if (primary === undefined) primary = await this.models.resolve(key.workspaceId, requested);
      if (primary === null) throw GatewayError.modelNotFound(shown);
      exchange.model = primary;
      assertRegionAllowed(key, primary, shown);
      let primaryCannotServe: GatewayError | undefined;
      try {
        assertModelServes(exchange.spec, primary, body, shown);
      } catch (error) {
        // A deployment's variant falls back as configured when its model cannot serve (failed, unavailable).
        if (!(planned.fallBackFromUnservable && options.fallbacks.length > 0 && error instanceof GatewayError)) throw error;
        primaryCannotServe = error;
      }
      // The exact-match cache answers before any budget is charged (a hit costs nothing), then budgets reserve.
      if (planned.cache !== undefined) {
        exchange.cache = await this.responseCache.lookup(planned.cache, key.workspaceId, primary.ref, primary.revision, exchange.spec.endpoint, body);
        if (exchange.cache.hit !== undefined) return answerFromCache(exchange, res, body, primary, exchange.cache.hit);
      }
      // No promise when the workspace's budgets are cached and none applies (the common case).
      const reservation = this.budgets.reserveFor(exchange.spec, key.workspaceId, { apiKeyId: key.apiKeyId, modelId: primary.id, deploymentId: exchange.deployment?.id }, primary, body);
      exchange.budget = reservation instanceof Promise ? await reservation : reservation;
      await this.attempts.serve(exchange, res, { body, requested: shown, primary, options, primaryCannotServe });
    } catch (error) {
      this.fail(exchange, res, error);
    } finally {
      this.inFlight.delete(exchange);
      series.inFlight -= 1;
      this.accountant.account(exchange, request, body);
    }
  }

  /**
   * Answers a request refused before its body was read (RequestAdmission): the error,
   * with the connection closed, counted in the metrics and the access log like any answer.
   */
  refuse(spec: EndpointSpec, request: InboundRequest, res: ServerResponse, error: unknown): void {
    const exchange = new Exchange(spec, request.id, res);
    let refusal: GatewayError;
    if (error instanceof GatewayError) {
      refusal = error;
    } else {
      this.log.error({ err: error, requestId: request.id }, 'admitting an inference request failed unexpectedly');
      refusal = GatewayError.internal();
    }
    exchange.status = refusal.status;
    exchange.errorCode = refusal.code ?? undefined;
    sendError(res, request.id, refusal, CLOSE_CONNECTION);
    this.accountant.account(exchange, request, undefined);
  }

  /** Answers an error unless the answer already started or the client went away. */
  private fail(exchange: Exchange, res: ServerResponse, error: unknown): void {
    if (exchange.clientGone) {
      exchange.status = 499;
      return;
    }
    if (exchange.committed) return;
    if (error instanceof GatewayError) {
      this.sendError(exchange, res, error);
      return;
    }
    this.log.error({ err: error, requestId: exchange.requestId }, 'inference request failed unexpectedly');
    this.sendError(exchange, res, GatewayError.internal());
  }

  private sendError(exchange: Exchange, res: ServerResponse, error: GatewayError): void {
    exchange.status = error.status;
    exchange.errorCode = error.code ?? undefined;
    exchange.lastWrite();
    sendError(res, exchange.requestId, error);
  }
}
