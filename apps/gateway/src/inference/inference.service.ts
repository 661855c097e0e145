import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ERROR_CODES, type UsageRecordedData } from '@model-garden/contracts';
import { type AppLogger, LOGGER, tracingEnabled } from '@model-garden/platform';
import { describeTarget, failure, networkFailure, type UpstreamFailure } from '@model-garden/providers';
import { type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { type Dispatcher } from 'undici';
import { type WorkspaceKey } from '../auth/api-key-authenticator.service';
import { ModelResolver } from '../catalogue/model-resolver.service';
import { type ServingModel, type UpstreamTarget } from '../catalogue/serving-model';
import { GatewayConfig } from '../config/gateway.config';
import { InFlightRequests } from '../lifecycle/in-flight-requests.service';
import { GatewayMetrics } from '../metrics/gateway.metrics';
import { type InboundRequest, sendError, sendJson } from '../http/http-io.util';
import { GATEWAY_ERROR_CODES, GatewayError } from '../shared/gateway.exception';
import { ByteBudget, ByteBudgetExceeded } from '../upstream/byte-budget';
import { UpstreamClient } from '../upstream/upstream-client.service';
import { clientErrorForFailure } from '../upstream/upstream-error.mapper';
import { policyStatus, retryDelayMs } from '../upstream/retry-policy.util';
import { costUsd, estimateInputTokens, saneTokenCount, tokensForChars } from '../usage/usage-meter.util';
import { UsageRecorder } from '../usage/usage-recorder.service';
import { type EndpointSpec } from './endpoints.constant';
import { type AbortKind, abortKindOf, Exchange } from './exchange';
import { InferenceTrace } from './inference-trace';
import { assertCapabilities, assertImageSources, assertRequestShape, assertServing, buildUpstreamRequest, modelNotFound, type UpstreamRequest } from './model-rules.util';
import { isRecord, type RequestOptions, takeRequestOptions } from './request-options.util';
import { outputCharacters, SseLimitExceeded, SseRelay } from './sse-relay';
import { assembleStream } from './stream-assembler.util';

/** Largest upstream error body read (the rest is discarded). */
const MAX_ERROR_BYTES = 64 * 1024;

export const HEADER_MODEL = 'x-model-garden-model';
export const HEADER_MAX_TOKENS = 'x-model-garden-max-tokens';
export const HEADER_MAX_TOKENS_REQUESTED = 'x-model-garden-max-tokens-requested';

/** What a request asks of the shared path: the OpenAI body, the model named in it, the request options. */
export interface InferencePlan {
  body: Record<string, unknown>;
  requested: string;
  options: RequestOptions;
  /** A deployment variant whose model cannot serve (failed, unavailable) goes straight to its fallbacks. */
  fallBackFromUnservable: boolean;
  /** How errors name the model when `requested` is not what the client wrote (a deployment pins models by id). */
  label?: string;
}

type AttemptOutcome = { kind: 'served' } | { kind: 'stopped' } | { kind: 'failed'; failure: UpstreamFailure; error: GatewayError };

/**
 * The inference path of `POST /v1/{chat/completions,completions,embeddings,images/generations}`:
 * authenticate (cached), resolve the model (cached), apply the model's rules, call the
 * upstream through the guarded pool with retries and fallbacks, pass the answer
 * through (SSE chunk by chunk), then record metrics and one usage event after the
 * response has gone out.
 */
@Injectable()
export class InferenceService {
  private readonly log: AppLogger;
  private readonly maxUsageTokens: number;
  private readonly responseBudget: ByteBudget;

  constructor(
    private readonly config: GatewayConfig,
    private readonly models: ModelResolver,
    private readonly upstream: UpstreamClient,
    private readonly usage: UsageRecorder,
    private readonly metrics: GatewayMetrics,
    private readonly inFlight: InFlightRequests,
    @Inject(LOGGER) logger: AppLogger,
  ) {
    this.log = logger.child({ component: 'inference' });
    this.maxUsageTokens = config.GATEWAY_MAX_USAGE_TOKENS;
    this.responseBudget = new ByteBudget(config.GATEWAY_MAX_BUFFERED_RESPONSE_BYTES);
  }

  /** Serves one admitted `/v1/*` request (`key` from RequestAdmission, the body read). */
  async handle(spec: EndpointSpec, request: InboundRequest, res: ServerResponse, key: WorkspaceKey): Promise<void> {
    await this.run(spec, request, res, key, async () => {
      if (!isRecord(request.body)) {
        throw GatewayError.invalidRequest('The body must be a JSON object.', null, GATEWAY_ERROR_CODES.invalidJson);
      }
      const body = request.body;
      const requested = assertRequestShape(spec, body);
      const options = takeRequestOptions(body, {
        defaultRetryCount: this.config.GATEWAY_RETRY_DEFAULT_COUNT,
        maxRetryCount: this.config.GATEWAY_RETRY_MAX_COUNT,
        defaultCallTimeoutMs: this.config.GATEWAY_UPSTREAM_TIMEOUT_MS,
      });
      return { body, requested, options, fallBackFromUnservable: false };
    });
  }

  /**
   * The one inference path for a request admitted by RequestAdmission (`key`, the body
   * read): let `plan` turn the request into an OpenAI body with its options (it may set
   * a shaper and a deployment on the exchange), resolve and check the model, serve it
   * with retries and fallbacks, and account for it. `/v1/*` and `/v2/deployments/*`
   * both run here.
   */
  async run(spec: EndpointSpec, request: InboundRequest, res: ServerResponse, key: WorkspaceKey, plan: (exchange: Exchange) => Promise<InferencePlan>): Promise<void> {
    const exchange = new Exchange(spec, request.id, res);
    exchange.key = key;
    if (this.inFlight.draining) {
      this.sendError(exchange, res, shuttingDown());
      return;
    }
    res.once('close', exchange.onClose);
    this.inFlight.add(exchange);
    this.metrics.inFlight.inc({ endpoint: spec.endpoint });
    let body: Record<string, unknown> | undefined;
    try {
      const planned = await plan(exchange);
      body = planned.body;
      if (tracingEnabled()) exchange.trace = InferenceTrace.begin(spec.endpoint, body);
      const { requested, options } = planned;
      const shown = planned.label ?? requested;
      const primary = await this.models.resolve(exchange.key.workspaceId, requested);
      if (primary === null) throw modelNotFound(shown);
      exchange.model = primary;
      let skipped: GatewayError | undefined;
      try {
        assertServing(primary, shown);
        assertCapabilities(exchange.spec, primary, body, shown);
        assertImageSources(exchange.spec, primary, body, shown);
      } catch (error) {
        // A deployment's variant falls back as configured when its model cannot serve (failed, unavailable).
        if (!(planned.fallBackFromUnservable && options.fallbacks.length > 0 && error instanceof GatewayError)) throw error;
        skipped = error;
      }
      await this.serve(exchange, res, body, shown, primary, options, skipped);
    } catch (error) {
      this.fail(exchange, res, error);
    } finally {
      res.off('close', exchange.onClose);
      this.inFlight.delete(exchange);
      this.metrics.inFlight.dec({ endpoint: spec.endpoint });
      this.account(exchange, request, body);
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
    this.account(exchange, request, undefined);
  }

  /** Tries the model, then each fallback in order, as long as failures are retryable ones or timeouts. */
  private async serve(
    exchange: Exchange,
    res: ServerResponse,
    body: Record<string, unknown>,
    requested: string,
    primary: ServingModel,
    options: RequestOptions,
    primaryCannotServe?: GatewayError,
  ): Promise<void> {
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
        if (exchange.shuttingDown && !exchange.clientGone) throw shuttingDown();
        return;
      }
      lastError = outcome.error;
      if (exchange.stopped || exchange.committed) break;
    }
    throw lastError ?? modelNotFound(requested);
  }

  /** A fallback that exists and may serve this request, or undefined (it is skipped, and the reason logged). */
  private async fallbackModel(exchange: Exchange, body: Record<string, unknown>, name: string): Promise<ServingModel | undefined> {
    try {
      const candidate = await this.models.resolve(exchange.key!.workspaceId, name);
      if (candidate === null) throw modelNotFound(name);
      assertServing(candidate, name);
      assertCapabilities(exchange.spec, candidate, body, name);
      assertImageSources(exchange.spec, candidate, body, name);
      return candidate;
    } catch (error) {
      this.log.warn({ requestId: exchange.requestId, reason: error instanceof Error ? error.message : String(error) }, 'skipping a fallback model that cannot serve');
      return undefined;
    }
  }

  /** One model with its retries. Answers the client unless the failure may fall back. */
  private async tryModel(
    exchange: Exchange,
    res: ServerResponse,
    body: Record<string, unknown>,
    requested: string,
    model: ServingModel,
    options: RequestOptions,
  ): Promise<AttemptOutcome> {
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
          if (exchange.stopped) return { kind: 'stopped' };
          continue;
        }
      }
      if (retryable || outcome.failure.kind === 'timeout') return outcome;
      throw outcome.error;
    }
  }

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
    const { signal, timer } = exchange.beginCall(timeoutMs);
    const labels = { endpoint: exchange.spec.endpoint, status: '' };
    let response: Dispatcher.ResponseData;
    try {
      response = await this.upstream.send(target, 'POST', model.headers, payload, signal);
    } catch (error) {
      clearTimeout(timer);
      return this.callFailed(exchange, requested, model, target, signal, error, started, labels);
    }
    const status = response.statusCode;
    labels.status = String(status);
    const contentType = headerValue(response.headers['content-type']);

    if (status < 200 || status >= 300) {
      let text = '';
      try {
        text = await readBody(response, MAX_ERROR_BYTES, true).then((bytes) => bytes.toString('utf8'));
      } catch (error) {
        clearTimeout(timer);
        return this.callFailed(exchange, requested, model, target, signal, error, started, labels);
      }
      clearTimeout(timer);
      this.observeUpstream(exchange, labels, started);
      const mapped = model.adapter.mapError(
        { status, headers: response.headers, text },
        { endpoint: exchange.spec.endpoint, target: describeTarget('POST', `${target.origin}${target.path}`), apiKey: model.secret },
      );
      return { kind: 'failed', failure: mapped, error: clientErrorForFailure(mapped, model, requested, text, response.headers) };
    }

    if (upstream.streamed && contentType.includes('text/event-stream')) {
      // The call deadline covered the headers; the stream gets its own, longer one.
      const streamTimer = exchange.limitStream(timer, this.config.GATEWAY_MAX_STREAM_DURATION_MS);
      try {
        await this.relayStream(exchange, res, model, upstream, response, signal);
      } finally {
        clearTimeout(streamTimer);
      }
      this.observeUpstream(exchange, labels, started);
      return { kind: 'served' };
    }

    let bytes: Buffer;
    try {
      bytes = await readBody(response, this.config.GATEWAY_MAX_RESPONSE_BYTES, false, this.responseBudget);
    } catch (error) {
      clearTimeout(timer);
      return this.callFailed(exchange, requested, model, target, signal, error, started, labels);
    }
    clearTimeout(timer);
    this.observeUpstream(exchange, labels, started);
    const held = bytes.length;
    try {
      return this.answerJson(exchange, res, requested, model, upstream, bytes, contentType);
    } finally {
      this.responseBudget.give(held);
    }
  }

  /** Answers a non-stream upstream answer read into memory: as JSON, or a 502 when it is not a JSON object. */
  private answerJson(
    exchange: Exchange,
    res: ServerResponse,
    requested: string,
    model: ServingModel,
    upstream: UpstreamRequest,
    read: Buffer,
    contentType: string,
  ): AttemptOutcome {
    let bytes = read;

    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch {
      json = undefined;
    }
    if (json === undefined && contentType.includes('text/event-stream')) {
      json = assembleStream(exchange.spec.endpoint, bytes.toString('utf8'));
      if (json !== undefined) bytes = Buffer.from(JSON.stringify(json));
    }
    if (!isRecord(json)) {
      const bad = failure('bad_response', ERROR_CODES.providerBadResponse, 'the upstream answer is not a JSON object', true, { httpStatus: 502 });
      return { kind: 'failed', failure: bad, error: clientErrorForFailure(bad, model, requested) };
    }
    exchange.trace?.onAnswer(json);
    exchange.status = 200;
    exchange.committed = true;
    // The answer parsed as a JSON object: it goes out as JSON (sendJson's type, nosniff), whatever type the upstream named.
    const answer = exchange.shaper === undefined ? bytes : exchange.shaper.json(json, model);
    sendJson(res, 200, exchange.requestId, answer, this.modelHeaders(exchange, model, upstream, {}));
    this.measureAnswer(exchange, model, json);
    return { kind: 'served' };
  }

  private callFailed(
    exchange: Exchange,
    requested: string,
    model: ServingModel,
    target: UpstreamTarget,
    signal: AbortSignal,
    error: unknown,
    started: number,
    labels: { endpoint: string; status: string },
  ): AttemptOutcome {
    const aborted = abortKindOf(signal);
    labels.status = aborted === 'client' ? '499' : aborted === 'timeout' ? '504' : aborted === 'shutdown' ? '503' : '502';
    this.observeUpstream(exchange, labels, started);
    if (aborted === 'client') return { kind: 'stopped' };
    if (aborted === 'shutdown') {
      const stop = shuttingDown();
      return { kind: 'failed', failure: failure('network', ERROR_CODES.serviceUnavailable, stop.message, false), error: stop };
    }
    const mapped =
      aborted === 'timeout'
        ? failure('timeout', ERROR_CODES.providerTimeout, 'the call deadline passed', true)
        : error instanceof ResponseTooLarge
          ? failure('bad_response', ERROR_CODES.providerBadResponse, error.message, false)
          : error instanceof ByteBudgetExceeded
            ? failure('bad_response', ERROR_CODES.serviceUnavailable, error.message, false)
            : networkFailure(error, describeTarget('POST', `${target.origin}${target.path}`));
    if (error instanceof ByteBudgetExceeded) return { kind: 'failed', failure: mapped, error: gatewayFull() };
    return { kind: 'failed', failure: mapped, error: clientErrorForFailure(mapped, model, requested) };
  }

  /** Streams the upstream SSE to the client as it comes; after the headers are out, failures end the stream with an error event. */
  private async relayStream(
    exchange: Exchange,
    res: ServerResponse,
    model: ServingModel,
    upstream: UpstreamRequest,
    response: Dispatcher.ResponseData,
    signal: AbortSignal,
  ): Promise<void> {
    const shaper = exchange.shaper;
    const headers = this.modelHeaders(exchange, model, upstream, {
      'content-type': 'text/event-stream; charset=utf-8',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
      'x-request-id': exchange.requestId,
    });
    res.writeHead(200, headers);
    res.flushHeaders();
    exchange.status = 200;
    exchange.committed = true;
    exchange.streamed = true;
    const relay = new SseRelay({
      dropUsageChunk: upstream.dropUsageChunk,
      countOutput: !upstream.expectStreamUsage,
      readUsage: (json) => model.adapter.readUsage(json),
      maxEventBytes: this.config.GATEWAY_MAX_SSE_EVENT_BYTES,
      maxStreamBytes: this.config.GATEWAY_MAX_STREAM_BYTES,
    });
    try {
      for await (const chunk of response.body) {
        const passed = relay.push(chunk as Buffer);
        exchange.trace?.onEvents(passed);
        const out = passed === undefined || shaper === undefined ? passed : shaper.events(passed, model);
        if (out !== undefined && !res.write(out)) await drained(res, signal);
        if (exchange.clientGone) break;
      }
      const passed = relay.finish();
      const tail = passed === undefined || shaper === undefined ? passed : shaper.events(passed, model);
      if (tail !== undefined && !exchange.clientGone) res.write(tail);
      if (shaper !== undefined && !exchange.clientGone) res.write(shaper.finish(model, relay.usage));
    } catch (error) {
      const aborted = abortKindOf(signal);
      if (aborted === 'client' || exchange.clientGone) {
        exchange.status = 499;
      } else {
        const cut = streamCutReason(aborted, error, this.config.GATEWAY_MAX_STREAM_DURATION_MS);
        exchange.status = cut.status;
        exchange.errorCode = cut.code;
        // A client that stopped reading (its buffer full) gets no error event: its connection is cut.
        if (res.writableNeedDrain) res.destroy();
        else if (!res.destroyed) res.write(`data: ${JSON.stringify({ error: { message: cut.message, type: 'api_error', param: null, code: cut.code } })}\n\n`);
        this.log.warn({ requestId: exchange.requestId, model: model.ref, err: error, code: cut.code }, 'upstream stream ended early after the first byte');
      }
      // Stop reading the upstream at once (a limit hit, or a broken stream).
      response.body.destroy();
    } finally {
      if (exchange.clientGone) exchange.status = 499;
      if (!res.destroyed) res.end();
    }
    exchange.consumption = {
      images: 0,
      estimated: relay.usage === undefined,
      inputTokens: relay.usage?.promptTokens,
      outputTokens: relay.usage?.completionTokens,
      outputChars: upstream.expectStreamUsage ? undefined : relay.outputChars,
      streamEvents: relay.events,
    };
  }

  private modelHeaders(exchange: Exchange, model: ServingModel, upstream: UpstreamRequest, headers: OutgoingHttpHeaders): OutgoingHttpHeaders {
    if (exchange.shaper !== undefined) Object.assign(headers, exchange.shaper.headers);
    headers[HEADER_MODEL] = model.ref;
    if (upstream.tokenLimit.applied !== undefined) headers[HEADER_MAX_TOKENS] = String(upstream.tokenLimit.applied);
    if (upstream.tokenLimit.loweredFrom !== undefined) headers[HEADER_MAX_TOKENS_REQUESTED] = String(upstream.tokenLimit.loweredFrom);
    return headers;
  }

  /** Usage of a JSON answer: the upstream's own, or what must be estimated. */
  private measureAnswer(exchange: Exchange, model: ServingModel, json: Record<string, unknown>): void {
    const usage = model.adapter.readUsage(json);
    const images = exchange.spec.endpoint === 'images.generations' && Array.isArray(json['data']) ? json['data'].length : 0;
    if (usage !== undefined) {
      exchange.consumption = { images, estimated: false, inputTokens: usage.promptTokens, outputTokens: usage.completionTokens };
    } else if (exchange.spec.endpoint === 'images.generations') {
      exchange.consumption = { images, estimated: false, inputTokens: 0, outputTokens: 0 };
    } else {
      exchange.consumption = { images, estimated: true, outputChars: outputCharacters(json) };
    }
  }

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
    sendError(res, exchange.requestId, error);
  }

  private observeUpstream(exchange: Exchange, labels: { endpoint: string; status: string }, started: number): void {
    const seconds = (performance.now() - started) / 1000;
    exchange.upstreamMs += seconds * 1000;
    this.metrics.upstreamDuration.observe(labels, seconds);
  }

  /** After the answer: metrics, one usage event (when a model was resolved), one access log line. */
  private account(exchange: Exchange, request: InboundRequest, body: Record<string, unknown> | undefined): void {
    if (exchange.status === 0) exchange.status = exchange.clientGone ? 499 : reply500(exchange);
    const latencyMs = exchange.elapsedMs();
    const model = exchange.model;
    const status = String(exchange.status);
    const labels = { endpoint: exchange.spec.endpoint, status };
    this.metrics.requests.inc(labels);
    this.metrics.duration.observe(labels, latencyMs / 1000);

    if (model !== undefined && exchange.key !== undefined) {
      const consumption = exchange.consumption;
      if (!consumption.estimated && (!saneTokenCount(consumption.inputTokens, this.maxUsageTokens) || !saneTokenCount(consumption.outputTokens, this.maxUsageTokens))) {
        // A usage figure no request can reach (or not a whole number): never passed on; estimated instead.
        this.log.warn(
          { requestId: exchange.requestId, model: model.ref, inputTokens: consumption.inputTokens, outputTokens: consumption.outputTokens, max: this.maxUsageTokens },
          'the upstream reported an implausible token count; recording an estimate',
        );
        consumption.estimated = true;
        if (!saneTokenCount(consumption.inputTokens, this.maxUsageTokens)) consumption.inputTokens = undefined;
        if (!saneTokenCount(consumption.outputTokens, this.maxUsageTokens)) consumption.outputTokens = undefined;
      }
      // Once the answer started (a stream cut or abandoned included), the upstream did the work: count it.
      const served = exchange.committed;
      let inputTokens = consumption.inputTokens ?? 0;
      let outputTokens = consumption.outputTokens ?? 0;
      let estimated = false;
      if (served && consumption.estimated) {
        estimated = true;
        if (consumption.inputTokens === undefined && body !== undefined) inputTokens = estimateInputTokens(exchange.spec.endpoint, body);
        if (consumption.outputTokens === undefined) {
          outputTokens = consumption.outputChars !== undefined ? tokensForChars(consumption.outputChars) : Math.max(0, (consumption.streamEvents ?? 0) - 3);
        }
      }
      const cost = served ? costUsd(model.pricing, inputTokens, outputTokens, consumption.images) : 0;
      if (served) {
        const flag = String(estimated);
        if (inputTokens > 0) this.metrics.tokens.inc({ direction: 'input', estimated: flag }, inputTokens);
        if (outputTokens > 0) this.metrics.tokens.inc({ direction: 'output', estimated: flag }, outputTokens);
        if (consumption.images > 0) this.metrics.images.inc(consumption.images);
      }
      const event: UsageRecordedData = {
        requestId: usageRequestId(exchange.requestId, request.clientRequestId),
        workspaceId: exchange.key.workspaceId,
        apiKeyId: exchange.key.apiKeyId,
        modelId: model.id,
        modelRef: model.ref,
        endpoint: exchange.spec.endpoint,
        status: exchange.status,
        inputTokens,
        outputTokens,
        estimated,
        costUsd: cost,
        latencyMs: Math.round(latencyMs),
        streamed: exchange.streamed,
        occurredAt: new Date().toISOString(),
      };
      if (exchange.errorCode !== undefined) event.errorCode = exchange.errorCode;
      if (consumption.images > 0) event.images = consumption.images;
      if (exchange.deployment !== undefined) {
        event.deploymentId = exchange.deployment.id;
        event.deploymentKey = exchange.deployment.key;
        event.deploymentVersion = exchange.deployment.version;
        event.deploymentVariant = exchange.deployment.variant;
      }
      this.usage.record(event);
      exchange.trace?.finish(event, model);
    }

    const access = this.config.GATEWAY_ACCESS_LOG;
    if (access === 'all' || (access === 'errors' && exchange.status >= 400)) {
      this.log[exchange.status >= 500 ? 'warn' : 'info'](
        {
          requestId: exchange.requestId,
          endpoint: exchange.spec.endpoint,
          workspaceId: exchange.key?.workspaceId,
          model: model?.ref,
          deployment: exchange.deployment,
          status: exchange.status,
          errorCode: exchange.errorCode,
          streamed: exchange.streamed,
          attempts: exchange.attempts,
          fallbacks: exchange.fallbacksUsed,
          latencyMs: Math.round(latencyMs * 100) / 100,
          upstreamMs: Math.round(exchange.upstreamMs * 100) / 100,
        },
        'inference',
      );
    }
  }
}

const CLOSE_CONNECTION = { connection: 'close' } as const;

/** Why a stream that had started was ended early, for its error event and its usage event. */
function streamCutReason(aborted: AbortKind | undefined, error: unknown, maxDurationMs: number): { status: number; code: string; message: string } {
  if (aborted === 'shutdown') return { status: 503, code: GATEWAY_ERROR_CODES.shuttingDown, message: 'The gateway is shutting down; the stream was cut.' };
  if (aborted === 'stream_limit') {
    return { status: 502, code: GATEWAY_ERROR_CODES.streamLimitExceeded, message: `The stream was ended: it ran longer than the gateway's limit of ${maxDurationMs} ms.` };
  }
  if (error instanceof SseLimitExceeded) return { status: 502, code: GATEWAY_ERROR_CODES.streamLimitExceeded, message: `The stream was ended: ${error.message}.` };
  return { status: 502, code: GATEWAY_ERROR_CODES.providerError, message: 'The provider’s stream broke off before it ended.' };
}

function gatewayFull(): GatewayError {
  return new GatewayError(503, 'The gateway holds too many large upstream answers right now. Retry shortly.', 'api_error', GATEWAY_ERROR_CODES.serviceUnavailable, null, {
    'retry-after': '1',
  });
}

function shuttingDown(): GatewayError {
  return new GatewayError(503, 'The gateway is shutting down; retry the request.', 'api_error', GATEWAY_ERROR_CODES.shuttingDown);
}

function reply500(exchange: Exchange): number {
  exchange.errorCode ??= GATEWAY_ERROR_CODES.internal;
  return 500;
}

/**
 * The request id of the usage event. The registry keeps one record per id, so an id
 * the client chose (and might reuse) gets a random suffix: every request is counted.
 */
function usageRequestId(requestId: string, chosenByClient: boolean): string {
  return chosenByClient ? `${requestId.slice(0, 100)}~${randomBytes(6).toString('hex')}` : requestId;
}

function headerValue(value: string | string[] | undefined): string {
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

class ResponseTooLarge extends Error {
  constructor(limit: number) {
    super(`the upstream answer is larger than ${limit} bytes`);
    this.name = 'ResponseTooLarge';
  }
}

/**
 * Reads an upstream body within a limit. With a declared length that fits, in one
 * piece (no stream iterator); otherwise chunk by chunk. Error bodies are cut at the
 * limit (`truncate`); an answer over it is a ResponseTooLarge. With a `budget`, the
 * bytes are taken from it as they come (ByteBudgetExceeded when they do not fit): the
 * caller gives back the answer's length once done; on a failure here nothing stays taken.
 */
async function readBody(response: Dispatcher.ResponseData, limit: number, truncate: boolean, budget?: ByteBudget): Promise<Buffer> {
  const body = response.body;
  const declared = Number(headerValue(response.headers['content-length']) || Number.NaN);
  if (Number.isInteger(declared) && declared <= limit) {
    if (budget === undefined) return Buffer.from(await body.arrayBuffer());
    if (!budget.take(declared)) {
      body.destroy();
      throw new ByteBudgetExceeded();
    }
    let read: Buffer;
    try {
      read = Buffer.from(await body.arrayBuffer());
    } catch (error) {
      budget.give(declared);
      throw error;
    }
    // Held from here on: the answer's actual length.
    budget.give(declared - read.length);
    return read;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let taken = 0;
  try {
    for await (const chunk of body) {
      const bytes = chunk as Buffer;
      size += bytes.length;
      if (size > limit) {
        if (truncate) {
          chunks.push(bytes.subarray(0, bytes.length - (size - limit)));
          body.destroy();
          break;
        }
        throw new ResponseTooLarge(limit);
      }
      if (budget !== undefined) {
        if (!budget.take(bytes.length)) throw new ByteBudgetExceeded();
        taken += bytes.length;
      }
      chunks.push(bytes);
    }
  } catch (error) {
    budget?.give(taken);
    throw error;
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, Math.min(size, limit));
}

/**
 * Resolves when the client can take more bytes, has gone away, or the call was aborted
 * (a stream limit, shutdown): a client that stops reading cannot hold a stream past its limits.
 */
function drained(res: ServerResponse, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
    signal.addEventListener('abort', done, { once: true });
  });
}
