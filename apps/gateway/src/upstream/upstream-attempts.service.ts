import { Inject, Injectable } from '@nestjs/common';
import { type AppLogger, LOGGER } from '@model-garden/platform';
import { describeTarget, type UpstreamFailure } from '@model-garden/providers';
import { type ServerResponse } from 'node:http';
import { type Dispatcher } from 'undici';
import { ModelResolver } from '../catalogue/model-resolver.service';
import { type ServingModel, type UpstreamTarget } from '../catalogue/serving-model';
import { GatewayConfig } from '../config/gateway.config';
import { AnswerRelay } from '../inference/answer-relay.service';
import { abortKindOf, type CallSignal, type Exchange } from '../inference/exchange';
import { assertRegionAllowed } from '../inference/region-policy.util';
import { type RequestOptions } from '../inference/request-options.util';
import { assertModelServes } from '../inference/request-rules.util';
import { GatewayMetrics } from '../metrics/gateway.metrics';
import { GatewayError } from '../shared/gateway.exception';
import { ByteBudget } from './byte-budget';
import { policyStatus, retryDelayMs } from './retry-policy.util';
import { headerValue, readBody } from './upstream-body.util';
import { UpstreamClient } from './upstream-client.service';
import { callFailure, clientErrorForFailure } from './upstream-error.mapper';
import { buildUpstreamRequest, type UpstreamRequest } from './upstream-request.util';

/** Largest upstream error body read (the rest is discarded). */
const MAX_ERROR_BYTES = 64 * 1024;

type AttemptOutcome = { kind: 'served' } | { kind: 'stopped' } | { kind: 'failed'; failure: UpstreamFailure; error: GatewayError };

const SERVED: AttemptOutcome = { kind: 'served' };
const STOPPED: AttemptOutcome = { kind: 'stopped' };

/** What the attempt loop is asked to serve: the client's body, the model it named (as errors show it), the resolved model, the options. */
export interface ServeRequest {
  body: Record<string, unknown>;
  /** The model's name in error messages. */
  requested: string;
  primary: ServingModel;
  options: RequestOptions;
  /** Why the primary cannot serve, when a deployment's variant goes straight to its fallbacks. */
  primaryCannotServe?: GatewayError;
}

/**
 * The upstream side of one request: the model, then each fallback in order; per model,
 * the first call and its retries (backoff, Retry-After, `retry.on_codes`); per call, the
 * deadline and client abort, the error mapping, and the answer handed to AnswerRelay.
 * `serve` resolves once the client was answered (or went away) and throws the
 * GatewayError to answer when every model failed.
 */
@Injectable()
export class UpstreamAttempts {
  private readonly log: AppLogger;
  private readonly responseBudget: ByteBudget;

  constructor(
    private readonly config: GatewayConfig,
    private readonly models: ModelResolver,
    private readonly upstream: UpstreamClient,
    private readonly answers: AnswerRelay,
    private readonly metrics: GatewayMetrics,
    @Inject(LOGGER) logger: AppLogger,
  ) {
    this.log = logger.child({ component: 'inference' });
    this.responseBudget = new ByteBudget(config.GATEWAY_MAX_BUFFERED_RESPONSE_BYTES);
  }

  /** Tries the model, then each fallback in order, as long as failures are retryable ones or timeouts. */
  async serve(exchange: Exchange, res: ServerResponse, request: ServeRequest): Promise<void> {
    const { body, requested, primary, options, primaryCannotServe } = request;
    let lastError: GatewayError | undefined = primaryCannotServe;
    for (let index = primaryCannotServe === undefined ? 0 : 1; index <= options.fallbacks.length; index += 1) {
      let model = primary;
      let name = requested;
      if (index > 0) {
        name = options.fallbacks[index - 1];
        const candidate = await this.fallbackModel(exchange, body, name);
        if (candidate === undefined) continue;
        this.metrics.fallbacks.inc();
        exchange.fallbacksUsed += 1;
        model = candidate;
      }
      exchange.model = model;
      const outcome = await this.tryModel(exchange, res, body, name, model, options);
      if (outcome.kind === 'served') return;
      if (outcome.kind === 'stopped') {
        if (exchange.shuttingDown && !exchange.clientGone) throw GatewayError.shuttingDown();
        return;
      }
      lastError = outcome.error;
      if (exchange.stopped || exchange.committed) break;
    }
    throw lastError ?? GatewayError.modelNotFound(requested);
  }

  /** A fallback that exists and may serve this request, or undefined (it is skipped, and the reason logged). */
  private async fallbackModel(exchange: Exchange, body: Record<string, unknown>, name: string): Promise<ServingModel | undefined> {
    try {
      const candidate = await this.models.resolve(exchange.key!.workspaceId, name);
      if (candidate === null) throw GatewayError.modelNotFound(name);
      assertRegionAllowed(exchange.key!, candidate, name);
      assertModelServes(exchange.spec, candidate, body, name);
      return candidate;
    } catch (error) {
      this.log.warn({ requestId: exchange.requestId, reason: error instanceof Error ? error.message : String(error) }, 'skipping a fallback model that cannot serve');
      return undefined;
    }
  }

  /** One model with its retries. Answers the client unless the failure may fall back. */
  private async tryModel(exchange: Exchange, res: ServerResponse, body: Record<string, unknown>, requested: string, model: ServingModel, options: RequestOptions): Promise<AttemptOutcome> {
    const upstream = buildUpstreamRequest(exchange.spec, model, body);
    const payload = JSON.stringify(upstream.body);
    const target = model.target(exchange.spec.endpoint);
    for (let retry = 0; ; retry += 1) {
      const outcome =
        exchange.trace === undefined
          ? await this.attempt(exchange, res, requested, model, upstream, payload, target, options.callTimeoutMs)
          : await exchange.trace.attempt(model, exchange.fallbacksUsed, () => this.attempt(exchange, res, requested, model, upstream, payload, target, options.callTimeoutMs));
      if (outcome.kind !== 'failed' || exchange.stopped || exchange.committed) return outcome;
      const status = policyStatus(outcome.failure);
      const retryable = status !== undefined && options.retryOn.has(status);
      if (retryable && retry < options.retryCount) {
        const delay = retryDelayMs(
          retry,
          { baseDelayMs: this.config.GATEWAY_RETRY_BASE_DELAY_MS, maxDelayMs: this.config.GATEWAY_RETRY_MAX_DELAY_MS },
          outcome.failure.retryAfterMs,
        );
        if (delay !== undefined) {
          this.metrics.retries.inc({ reason: String(status) });
          await exchange.sleep(delay);
          if (exchange.stopped) return STOPPED;
          continue;
        }
      }
      if (retryable || outcome.failure.kind === 'timeout') return outcome;
      throw outcome.error;
    }
  }

  /** One upstream call: the answer goes to the client (served), or the failure comes back to the loop. */
  private async attempt(
    exchange: Exchange,
    res: ServerResponse,
    requested: string,
    model: ServingModel,
    upstream: UpstreamRequest,
    payload: string,
    target: UpstreamTarget,
    timeoutMs: number,
  ): Promise<AttemptOutcome> {
    exchange.attempts += 1;
    const started = performance.now();
    const signal = exchange.beginCall(timeoutMs);
    let response: Dispatcher.ResponseData;
    try {
      response = await this.upstream.send(target, 'POST', model.headers, payload, signal);
    } catch (error) {
      exchange.endCall();
      return this.callFailed(exchange, requested, model, target, signal, error, started);
    }
    const status = response.statusCode;
    const contentType = headerValue(response.headers['content-type']);

    if (status < 200 || status >= 300) {
      let text = '';
      try {
        text = await readBody(response, MAX_ERROR_BYTES, true).then((bytes) => bytes.toString('utf8'));
      } catch (error) {
        exchange.endCall();
        return this.callFailed(exchange, requested, model, target, signal, error, started);
      }
      exchange.endCall();
      this.observe(exchange, String(status), started);
      const mapped = model.adapter.mapError(
        { status, headers: response.headers, text },
        { endpoint: exchange.spec.endpoint, target: describeTarget('POST', `${target.origin}${target.path}`), apiKey: model.secret },
      );
      return { kind: 'failed', failure: mapped, error: clientErrorForFailure(mapped, model, requested, text, response.headers) };
    }

    if (upstream.streamed && contentType.includes('text/event-stream')) {
      // The call deadline covered the headers; the stream gets its own, longer one.
      exchange.limitStream(this.config.GATEWAY_MAX_STREAM_DURATION_MS);
      try {
        await this.answers.stream(exchange, res, model, upstream, response, signal);
      } finally {
        exchange.endCall();
      }
      this.observe(exchange, String(status), started);
      return SERVED;
    }

    let bytes: Buffer;
    try {
      bytes = await readBody(response, this.config.GATEWAY_MAX_RESPONSE_BYTES, false, this.responseBudget);
    } catch (error) {
      exchange.endCall();
      return this.callFailed(exchange, requested, model, target, signal, error, started);
    }
    exchange.endCall();
    this.observe(exchange, String(status), started);
    const held = bytes.length;
    try {
      const unusable = this.answers.json(exchange, res, requested, model, upstream, bytes, contentType);
      return unusable === undefined ? SERVED : { kind: 'failed', failure: unusable.failure, error: unusable.error };
    } finally {
      this.responseBudget.give(held);
    }
  }

  private callFailed(exchange: Exchange, requested: string, model: ServingModel, target: UpstreamTarget, signal: CallSignal, error: unknown, started: number): AttemptOutcome {
    const failed = callFailure(abortKindOf(signal), error, model, requested, target);
    this.observe(exchange, failed.metricStatus, started);
    return failed.stopped ? STOPPED : { kind: 'failed', failure: failed.failure, error: failed.error };
  }

  private observe(exchange: Exchange, status: string, started: number): void {
    const seconds = (performance.now() - started) / 1000;
    exchange.upstreamMs += seconds * 1000;
    this.metrics.endpoint(exchange.spec.endpoint).upstreamCall(status, seconds);
  }
}
