import {
  type Attributes,
  type Context,
  context,
  INVALID_SPAN_CONTEXT,
  type Link,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  trace,
  type Tracer,
} from '@opentelemetry/api';
import { redactText } from '../logging/redact';
import { tracingEnabled } from './tracing';

export { SpanKind, SpanStatusCode };
export type { Attributes, Context, Span };

/** The one tracer of the platform's code (instrumentation scope `model-garden`). */
export const tracer: Tracer = trace.getTracer('model-garden');

/** The W3C header names (`traceparent` carries the trace and the parent span). */
export const TRACEPARENT = 'traceparent';

/** A carrier of W3C trace context: message headers, job data, an outbox row. */
export type TraceCarrier = Record<string, string>;

/** The active context's `traceparent` (to store with a row or a job), or undefined when nothing is traced. */
export function currentTraceparent(ctx: Context = context.active()): string | undefined {
  if (!tracingEnabled()) return undefined;
  const carrier: TraceCarrier = {};
  propagation.inject(ctx, carrier);
  return carrier[TRACEPARENT];
}

/** Writes the active context (`traceparent`, `tracestate`) into outgoing headers. */
export function injectTraceContext(carrier: TraceCarrier, ctx: Context = context.active()): void {
  if (tracingEnabled()) propagation.inject(ctx, carrier);
}

/** The context a stored `traceparent` continues (the root context without one). */
export function contextFromTraceparent(traceparent: string | null | undefined): Context {
  if (!traceparent || !tracingEnabled()) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, { [TRACEPARENT]: traceparent });
}

/** Reads header values that may be strings, Buffers (Kafka) or arrays of them (gRPC metadata). */
const looseGetter: TextMapGetter<Record<string, unknown>> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const raw = carrier[key];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined || value === null) return undefined;
    return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
  },
};

/** The context carried by incoming headers (HTTP, Kafka, gRPC metadata as a map), or the root context. */
export function contextFromHeaders(headers: Record<string, unknown> | undefined): Context {
  if (!headers || !tracingEnabled()) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, headers, looseGetter);
}

/** Marks a span failed with the error's type and redacted message (no stack, no secret). */
export function recordSpanError(span: Span, error: unknown): void {
  const message = error instanceof Error ? redactText(error.message) : 'error';
  span.recordException({ name: error instanceof Error ? error.name : 'Error', message });
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

/** The span `inSpan` hands to its work when tracing is off: records nothing. */
export const NOOP_SPAN: Span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** Spans this one follows from without being their child (a batch's messages). */
  links?: Link[];
  /** The parent: the active context by default. */
  parent?: Context;
}

/**
 * Runs `work` in a new active span that ends when it settles (failed when it throws).
 * With tracing off it runs `work` with a no-op span and builds nothing else.
 */
export async function inSpan<T>(name: string, options: SpanOptions, work: (span: Span) => Promise<T>): Promise<T> {
  if (!tracingEnabled()) return work(NOOP_SPAN);
  const parent = options.parent ?? context.active();
  const span = tracer.startSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, ...(options.attributes ? { attributes: options.attributes } : {}), ...(options.links ? { links: options.links } : {}) },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    recordSpanError(span, error);
    throw error;
  } finally {
    span.end();
  }
}


/** The ids of the active span, for a log line (undefined when there is none). */
export function activeSpanIds(): { trace_id: string; span_id: string } | undefined {
  const span = trace.getSpan(context.active());
  if (!span) return undefined;
  const ids = span.spanContext();
  return trace.isSpanContextValid(ids) ? { trace_id: ids.traceId, span_id: ids.spanId } : undefined;
}
