import { type AppLogger } from '../logging';

/** What `startTracing` leaves running: `shutdown` flushes the spans not yet exported. */
export interface TracingHandle {
  readonly enabled: boolean;
  shutdown(): Promise<void>;
}

let enabled = false;
let captureContent = false;
let running: TracingHandle | undefined;

/**
 * True once this process exports traces. Hot paths test it before they build a span
 * or its attributes, so a process without an OTLP endpoint pays one branch.
 */
export function tracingEnabled(): boolean {
  return enabled;
}

/**
 * True when the operator opted in to recording prompts and answers on spans
 * (`OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true`); they are redacted like logs.
 */
export function tracingCapturesContent(): boolean {
  return captureContent;
}

const NOOP_HANDLE: TracingHandle = { enabled: false, shutdown: async () => undefined };

/** The endpoint the exporter will use, from the standard variables; undefined when tracing is off. */
export function otlpTracesEndpoint(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env['OTEL_SDK_DISABLED']?.trim().toLowerCase() === 'true') return undefined;
  if (env['OTEL_TRACES_EXPORTER']?.trim().toLowerCase() === 'none') return undefined;
  const specific = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']?.trim();
  if (specific) return specific;
  const generic = env['OTEL_EXPORTER_OTLP_ENDPOINT']?.trim();
  return generic ? `${generic.replace(/\/+$/, '')}/v1/traces` : undefined;
}

/**
 * Starts OpenTelemetry tracing for this process from the standard `OTEL_*` variables
 * only: OTLP over HTTP to `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (or
 * `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`), the sampler of `OTEL_TRACES_SAMPLER`
 * and `OTEL_TRACES_SAMPLER_ARG` (parent-based always-on by default), the batch
 * settings of `OTEL_BSP_*`, and the resource of `OTEL_SERVICE_NAME` and
 * `OTEL_RESOURCE_ATTRIBUTES` (the service's own name by default). With no endpoint
 * no SDK starts: the API's no-op tracer serves every call and nothing is exported.
 * Call it once, first thing in `main.ts` (awaited).
 */
export async function startTracing(options: { service: string; logger: AppLogger; env?: NodeJS.ProcessEnv }): Promise<TracingHandle> {
  const env = options.env ?? process.env;
  const endpoint = otlpTracesEndpoint(env);
  if (endpoint === undefined) return NOOP_HANDLE;
  // The SDK's modules are loaded only when tracing is on (a process without an endpoint never holds them).
  const { startSdk } = await import('./tracing-sdk');
  const serviceName = env['OTEL_SERVICE_NAME']?.trim() || options.service;
  const sdk = startSdk({ endpoint, serviceName, logger: options.logger });
  enabled = true;
  captureContent = env['OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT']?.trim().toLowerCase() === 'true';
  options.logger.info({ endpoint: redactEndpoint(endpoint), serviceName, captureContent }, 'exporting OpenTelemetry traces');
  let stopped: Promise<void> | undefined;
  running = {
    enabled: true,
    shutdown: () => (stopped ??= sdk.shutdown().catch((error: unknown) => options.logger.warn({ err: error }, 'could not flush the last spans'))),
  };
  return running;
}

/** Exports the spans still buffered and stops the SDK (the graceful shutdown calls it); a no-op when tracing is off. */
export async function shutdownTracing(): Promise<void> {
  await running?.shutdown();
}

/** The endpoint without credentials or query (for the start-up log line). */
function redactEndpoint(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return '(unparseable)';
  }
}
