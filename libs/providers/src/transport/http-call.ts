import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { type Dispatcher, request } from 'undici';
import { ERROR_CODES } from '@model-garden/contracts';
import { failure, networkFailure, type UpstreamFailure } from '../core/upstream-failure';
import { SseParser } from './sse';

export type ResponseHeaders = Record<string, string | string[] | undefined>;

export interface HttpCall {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  /** Serialised as JSON when present. */
  json?: unknown;
  /** Deadline for the whole call: connect, headers and the entire body. */
  timeoutMs: number;
  /** The guarded agent (or any dispatcher) every upstream call goes through. */
  dispatcher: Dispatcher;
  /** Bodies larger than this are cut off and reported as a bad response (default 16 MiB). */
  maxBodyBytes?: number;
}

export interface HttpResponse {
  status: number;
  headers: ResponseHeaders;
  text: string;
  latencyMs: number;
}

export interface StreamResponse {
  status: number;
  headers: ResponseHeaders;
  /** The `data` of every event, in order (`[DONE]` included). Empty when the status is not 2xx. */
  events: string[];
  /** The body text when the status is not 2xx (an error document). */
  text: string;
  latencyMs: number;
  /** Milliseconds until the first event arrived. */
  firstEventMs?: number;
}

export type HttpOutcome<T> = { ok: true; response: T } | { ok: false; failure: UpstreamFailure; latencyMs: number };

const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

class DeadlineExceeded extends Error {
  constructor() {
    super('deadline exceeded');
    this.name = 'DeadlineExceeded';
  }
}

class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`body larger than ${limit} bytes`);
    this.name = 'BodyTooLarge';
  }
}

/** How a call is named in messages: host and path, never the full URL (a path or query may hold a secret). */
export function describeTarget(method: string, url: string): string {
  try {
    const parsed = new URL(url);
    return `${method} ${parsed.host}${parsed.pathname}`;
  } catch {
    return method;
  }
}

/**
 * One bounded HTTP call through the given dispatcher. Redirects are never followed
 * (undici's `request` returns a 3xx as it is). Any status is an `ok` outcome: mapping
 * statuses to failures is the adapter's job. Errors (DNS, TCP, TLS, reset, deadline,
 * guard refusal) become coded failures.
 */
export async function httpCall(call: HttpCall): Promise<HttpOutcome<HttpResponse>> {
  const started = performance.now();
  const limit = call.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return withDeadline(call, started, async (signal) => {
    const response = await send(call, signal);
    const text = await readText(response.body, limit);
    return { status: response.statusCode, headers: response.headers, text, latencyMs: elapsed(started) };
  });
}

/**
 * A streamed call: a 2xx `text/event-stream` body is parsed into events as they
 * arrive (the whole stream is bounded by the same deadline); a non-2xx body is read
 * as text for error mapping.
 */
export async function httpStream(call: HttpCall): Promise<HttpOutcome<StreamResponse>> {
  const started = performance.now();
  const limit = call.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return withDeadline(call, started, async (signal) => {
    const response = await send(call, signal);
    if (response.statusCode < 200 || response.statusCode >= 300) {
      const text = await readText(response.body, limit);
      return { status: response.statusCode, headers: response.headers, events: [], text, latencyMs: elapsed(started) };
    }
    const parser = new SseParser();
    const events: string[] = [];
    let firstEventMs: number | undefined;
    let size = 0;
    for await (const chunk of response.body) {
      const bytes = chunk as Buffer;
      size += bytes.length;
      if (size > limit) throw new BodyTooLarge(limit);
      const parsed = parser.push(bytes);
      if (parsed.length > 0 && firstEventMs === undefined) firstEventMs = elapsed(started);
      events.push(...parsed);
    }
    events.push(...parser.end());
    return { status: response.statusCode, headers: response.headers, events, text: '', latencyMs: elapsed(started), firstEventMs };
  });
}

async function send(call: HttpCall, signal: AbortSignal): Promise<Dispatcher.ResponseData> {
  const headers: Record<string, string> = { accept: 'application/json', ...call.headers };
  let body: string | undefined;
  if (call.json !== undefined) {
    body = JSON.stringify(call.json);
    headers['content-type'] = 'application/json';
  }
  return request(call.url, { method: call.method, headers, body, signal, dispatcher: call.dispatcher });
}

const tracer = trace.getTracer('model-garden');

/**
 * The call in an HTTP client span (a no-op without a tracing SDK) whose context goes
 * out in the `traceparent` header: each probe's request is a child of its validation.
 */
async function withDeadline<T extends { status: number }>(call: HttpCall, started: number, run: (signal: AbortSignal) => Promise<T>): Promise<HttpOutcome<T>> {
  const span = tracer.startSpan(call.method, { kind: SpanKind.CLIENT, attributes: clientAttributes(call) });
  const outcome = await context.with(trace.setSpan(context.active(), span), () => {
    if (span.isRecording()) {
      // A copy: the caller's headers object is not ours to change.
      const headers = { ...call.headers };
      propagation.inject(context.active(), headers);
      call.headers = headers;
    }
    return withDeadlineUntraced(call, started, run);
  });
  if (span.isRecording()) {
    if (outcome.ok) {
      span.setAttribute('http.response.status_code', outcome.response.status);
      if (outcome.response.status >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
    } else {
      span.setAttribute('error.type', outcome.failure.code);
      span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.failure.code });
    }
  }
  span.end();
  return outcome;
}

/** Method, host, port and path: never the query (it may hold a key). */
function clientAttributes(call: HttpCall): Record<string, string | number> {
  try {
    const url = new URL(call.url);
    return { 'http.request.method': call.method, 'server.address': url.hostname, 'server.port': Number(url.port || (url.protocol === 'https:' ? 443 : 80)), 'url.path': url.pathname };
  } catch {
    return { 'http.request.method': call.method };
  }
}

async function withDeadlineUntraced<T>(call: HttpCall, started: number, run: (signal: AbortSignal) => Promise<T>): Promise<HttpOutcome<T>> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DeadlineExceeded()), call.timeoutMs);
  const target = describeTarget(call.method, call.url);
  try {
    return { ok: true, response: await run(controller.signal) };
  } catch (error) {
    const latencyMs = elapsed(started);
    if (controller.signal.aborted || error instanceof DeadlineExceeded) {
      return {
        ok: false,
        latencyMs,
        failure: failure('timeout', ERROR_CODES.providerTimeout, `${target} did not answer within ${call.timeoutMs} ms.`, true),
      };
    }
    if (error instanceof BodyTooLarge) {
      return {
        ok: false,
        latencyMs,
        failure: failure('bad_response', ERROR_CODES.providerBadResponse, `${target} answered with more than ${error.limit} bytes.`, false),
      };
    }
    return { ok: false, latencyMs, failure: networkFailure(error, target) };
  } finally {
    clearTimeout(timer);
  }
}

async function readText(body: Dispatcher.ResponseData['body'], limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    if (size > limit) throw new BodyTooLarge(limit);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
