import { Inject, Injectable } from '@nestjs/common';
import { ERROR_CODES, RESPONSE_CACHE } from '@model-garden/contracts';
import { type AppLogger, LOGGER } from '@model-garden/platform';
import { failure, type UpstreamFailure } from '@model-garden/providers';
import { type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { type Dispatcher } from 'undici';
import { type ServingModel } from '../catalogue/serving-model';
import { GatewayConfig } from '../config/gateway.config';
import { sendJson } from '../http/http-io.util';
import { GATEWAY_ERROR_CODES, type GatewayError } from '../shared/gateway.exception';
import { clientErrorForFailure } from '../upstream/upstream-error.mapper';
import { type UpstreamRequest } from '../upstream/upstream-request.util';
import { answerConsumption, type Consumption } from '../usage/usage-meter.util';
import { type AbortKind, abortKindOf, type CallSignal, type Exchange } from './exchange';
import { isRecord } from './request-options.util';
import { SseLimitExceeded, SseRelay } from './sse-relay';
import { assembleStream } from './stream-assembler.util';

export const HEADER_MODEL = 'x-model-garden-model';
export const HEADER_MAX_TOKENS = 'x-model-garden-max-tokens';
export const HEADER_MAX_TOKENS_REQUESTED = 'x-model-garden-max-tokens-requested';

/** An upstream answer that came with a 2xx status but cannot be passed on (not a JSON object). */
export interface UnusableAnswer {
  failure: UpstreamFailure;
  error: GatewayError;
}

/**
 * Writes a successful upstream answer to the client: a JSON answer in one write (its
 * usage read for the usage event), or an SSE stream passed through chunk by chunk with
 * the stream limits. A deployment's shaper (on the exchange) reshapes either on the way.
 */
@Injectable()
export class AnswerRelay {
  private readonly log: AppLogger;

  constructor(
    private readonly config: GatewayConfig,
    @Inject(LOGGER) logger: AppLogger,
  ) {
    this.log = logger.child({ component: 'inference' });
  }

  /** Answers a non-stream upstream answer read into memory: as JSON; an answer that is not a JSON object is returned as unusable (502, may fall back). */
  json(exchange: Exchange, res: ServerResponse, requested: string, model: ServingModel, upstream: UpstreamRequest, read: Buffer, contentType: string): UnusableAnswer | undefined {
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
      return { failure: bad, error: clientErrorForFailure(bad, model, requested) };
    }
    exchange.trace?.onAnswer(json);
    exchange.status = 200;
    exchange.committed = true;
    // The answer parsed as a JSON object: it goes out as JSON (sendJson's type, nosniff), whatever type the upstream named.
    if (exchange.cache !== undefined) exchange.cache.answer = json;
    const answer = exchange.shaper === undefined ? bytes : exchange.shaper.json(json, model);
    exchange.consumption = answerConsumption(exchange.spec.endpoint, model.adapter.readUsage(json), json);
    exchange.lastWrite();
    sendJson(res, 200, exchange.requestId, answer, modelHeaders(exchange, model, upstream, {}));
    return undefined;
  }

  /** Streams the upstream SSE to the client as it comes; after the headers are out, failures end the stream with an error event. */
  async stream(exchange: Exchange, res: ServerResponse, model: ServingModel, upstream: UpstreamRequest, response: Dispatcher.ResponseData, signal: CallSignal): Promise<void> {
    const shaper = exchange.shaper;
    const headers = modelHeaders(exchange, model, upstream, {
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
      stripNullUsage: !upstream.clientWantsUsage,
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
        // The upstream's events (before a shaper): the entry is stored in OpenAI's shape, reshaped on a hit.
        exchange.cache?.collect(passed);
        // The stream's last event: its usage is settled (and a miss stored) before it goes out, as before any answer's last write.
        if (passed !== undefined && endsWithDone(passed)) this.settle(exchange, relay, upstream);
        if (out !== undefined && !res.write(out)) await drained(res, signal);
        if (exchange.clientGone) break;
      }
      const passed = relay.finish();
      const tail = passed === undefined || shaper === undefined ? passed : shaper.events(passed, model);
      exchange.cache?.collect(passed);
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
      if (!exchange.settled) exchange.consumption = streamConsumption(relay, upstream);
      if (!res.destroyed) {
        exchange.lastWrite();
        res.end();
      }
    }
  }

  /** What the stream consumed so far, and its usage settled (`Exchange.lastWrite`). */
  private settle(exchange: Exchange, relay: SseRelay, upstream: UpstreamRequest): void {
    exchange.consumption = streamConsumption(relay, upstream);
    exchange.lastWrite();
  }
}

function streamConsumption(relay: SseRelay, upstream: UpstreamRequest): Consumption {
  return {
    images: 0,
    estimated: relay.usage === undefined,
    inputTokens: relay.usage?.promptTokens,
    outputTokens: relay.usage?.completionTokens,
    outputChars: upstream.expectStreamUsage ? undefined : relay.outputChars,
    streamEvents: relay.events,
  };
}

const DONE = Buffer.from('[DONE]');

/** Whether these complete events end with the stream's `data: [DONE]` (only the last bytes are looked at). */
function endsWithDone(events: Buffer): boolean {
  let end = events.length;
  while (end > 0 && (events[end - 1] === 0x0a || events[end - 1] === 0x0d)) end -= 1;
  return end >= DONE.length && events.compare(DONE, 0, DONE.length, end - DONE.length, end) === 0;
}

/** The response headers that say which model served and what the gateway did to the token limit (plus a shaper's own). */
function modelHeaders(exchange: Exchange, model: ServingModel, upstream: UpstreamRequest, headers: OutgoingHttpHeaders): OutgoingHttpHeaders {
  if (exchange.shaper !== undefined) Object.assign(headers, exchange.shaper.headers);
  headers[HEADER_MODEL] = model.ref;
  if (exchange.cache !== undefined) headers[RESPONSE_CACHE.header] = 'miss';
  if (upstream.tokenLimit.applied !== undefined) headers[HEADER_MAX_TOKENS] = String(upstream.tokenLimit.applied);
  if (upstream.tokenLimit.loweredFrom !== undefined) headers[HEADER_MAX_TOKENS_REQUESTED] = String(upstream.tokenLimit.loweredFrom);
  return headers;
}

/** Why a stream that had started was ended early, for its error event and its usage event. */
export function streamCutReason(aborted: AbortKind | undefined, error: unknown, maxDurationMs: number): { status: number; code: string; message: string } {
  if (aborted === 'shutdown') return { status: 503, code: GATEWAY_ERROR_CODES.shuttingDown, message: 'The gateway is shutting down; the stream was cut.' };
  if (aborted === 'stream_limit') {
    return { status: 502, code: GATEWAY_ERROR_CODES.streamLimitExceeded, message: `The stream was ended: it ran longer than the gateway's limit of ${maxDurationMs} ms.` };
  }
  if (error instanceof SseLimitExceeded) return { status: 502, code: GATEWAY_ERROR_CODES.streamLimitExceeded, message: `The stream was ended: ${error.message}.` };
  return { status: 502, code: GATEWAY_ERROR_CODES.providerError, message: 'The provider’s stream broke off before it ended.' };
}

/**
 * Resolves when the client can take more bytes, has gone away, or the call was aborted
 * (a stream limit, shutdown): a client that stops reading cannot hold a stream past its limits.
 */
function drained(res: ServerResponse, signal: CallSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
    signal.addEventListener('abort', done);
  });
}
