import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { REGISTRY_GRPC_PACKAGE, REGISTRY_GRPC_SERVICE } from '@model-garden/contracts';
import { context, trace } from '@opentelemetry/api';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { Observable } from 'rxjs';
import { contextFromHeaders, recordSpanError, SpanKind, tracer } from './trace-context';
import { tracingEnabled } from './tracing';

interface HttpRequestLike {
  method: string;
  url: string;
  headers: Record<string, unknown>;
  routeOptions?: { url?: string };
}

interface GrpcMetadataLike {
  getMap(): Record<string, unknown>;
}

/**
 * A server span around every Nest handler, REST or gRPC (the registry's service), continuing the caller's
 * W3C trace context (`traceparent` header or gRPC metadata). The handler and all it
 * awaits run with the span active, so database, outbox and log lines join the trace.
 * With tracing off it passes the call through untouched.
 */
@Injectable()
export class TracingInterceptor implements NestInterceptor {
  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!tracingEnabled()) return next.handle();
    const kind = execution.getType<'http' | 'rpc' | 'ws'>();
    let name: string;
    let headers: Record<string, unknown> | undefined;
    let attributes: Record<string, string>;
    if (kind === 'http') {
      const request = execution.switchToHttp().getRequest<HttpRequestLike>();
      const route = request.routeOptions?.url ?? request.url.split('?')[0] ?? '/';
      name = `${request.method} ${route}`;
      headers = request.headers;
      attributes = { 'http.request.method': request.method, 'http.route': route };
    } else if (kind === 'rpc') {
      const metadata = execution.switchToRpc().getContext<GrpcMetadataLike | undefined>();
      const method = grpcMethodOf(execution.getHandler());
      name = `${REGISTRY_GRPC_PACKAGE}.${REGISTRY_GRPC_SERVICE}/${method}`;
      headers = typeof metadata?.getMap === 'function' ? metadata.getMap() : undefined;
      attributes = { 'rpc.system': 'grpc', 'rpc.service': `${REGISTRY_GRPC_PACKAGE}.${REGISTRY_GRPC_SERVICE}`, 'rpc.method': method };
    } else {
      return next.handle();
    }
    const parent = contextFromHeaders(headers);
    const span = tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
    const active = trace.setSpan(parent, span);
    return new Observable((subscriber) =>
      context.with(active, () =>
        next.handle().subscribe({
          next: (value) => subscriber.next(value),
          error: (error: unknown) => {
            const status = httpStatusOf(error);
            if (status !== undefined) span.setAttribute(kind === 'http' ? 'http.response.status_code' : 'rpc.grpc.status_code', status);
            if (status === undefined || status >= 500 || kind === 'rpc') recordSpanError(span, error);
            span.end();
            subscriber.error(error);
          },
          complete: () => {
            span.end();
            subscriber.complete();
          },
        }),
      ),
    );
  }
}

/** The proto method a handler serves (its `@GrpcMethod`), else its name capitalised. */
function grpcMethodOf(handler: { name: string }): string {
  const patterns = Reflect.getMetadata(PATTERN_METADATA, handler) as { rpc?: unknown }[] | undefined;
  const rpc = patterns?.[0]?.rpc;
  return typeof rpc === 'string' ? rpc : `${handler.name.charAt(0).toUpperCase()}${handler.name.slice(1)}`;
}

function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate = error as { getStatus?: () => unknown; httpStatus?: unknown; status?: unknown };
  const status = typeof candidate.getStatus === 'function' ? candidate.getStatus() : (candidate.httpStatus ?? candidate.status);
  return typeof status === 'number' ? status : undefined;
}
