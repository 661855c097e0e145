import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { type AppLogger } from '../logging';

/**
 * The OpenTelemetry SDK of a process that exports traces (loaded by `startTracing` only
 * when an endpoint is configured): a Node tracer provider with the AsyncLocalStorage
 * context manager and the W3C propagators, the sampler of `OTEL_TRACES_SAMPLER(_ARG)`,
 * a batch processor (`OTEL_BSP_*`) and the OTLP/HTTP exporter (`OTEL_EXPORTER_OTLP_*`
 * headers, timeout, compression). The resource: the service's name, then
 * `OTEL_RESOURCE_ATTRIBUTES`, with `OTEL_SERVICE_NAME` (or the service's own) winning.
 */
export function startSdk(options: { endpoint: string; serviceName: string; logger: AppLogger }): { shutdown(): Promise<void> } {
  diag.setLogger(diagLogger(options.logger), DiagLogLevel.WARN);
  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.namespace': 'model-garden' }))
    .merge(detectResources({ detectors: [envDetector] }))
    .merge(resourceFromAttributes({ 'service.name': options.serviceName }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: options.endpoint }))] });
  provider.register();
  return provider;
}

/** The SDK's own diagnostics (an export that failed) go to the process logger. */
function diagLogger(logger: AppLogger): DiagLogger {
  const log = logger.child({ component: 'opentelemetry' });
  return {
    error: (message, ...args) => log.error({ args: args.map(String) }, message),
    warn: (message, ...args) => log.warn({ args: args.map(String) }, message),
    info: () => undefined,
    debug: () => undefined,
    verbose: () => undefined,
  };
}
