import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type UsageRecordedData } from '@model-garden/contracts';
import { type Attributes, contextFromHeaders, redactText, type Span, SpanKind, SpanStatusCode, tracer, tracingCapturesContent } from '@model-garden/platform';
import { type Context, context, trace } from '@opentelemetry/api';
import { type ServingModel } from '../catalogue/serving-model';
import { type InferenceEndpoint } from './endpoints.constant';

/** GenAI semantic conventions' operation names per endpoint. */
const OPERATIONS: Record<InferenceEndpoint, string> = {
  'chat.completions': 'chat',
  completions: 'text_completion',
  embeddings: 'embeddings',
  'images.generations': 'generate_content',
};

/** Prompts and answers (opt-in only) are cut to this many characters on a span. */
const MAX_CONTENT_CHARS = 8_192;
const FINISH_REASON = /"finish_reason"\s*:\s*"([a-z_]{1,40})"/g;
const RESPONSE_MODEL = /"model"\s*:\s*"([^"\\]{1,200})"/;

/**
 * The gateway's spans, created only while tracing is on (`InferenceTrace.begin`
 * returns undefined otherwise, so the hot path holds one `undefined` and tests it):
 *
 * - the request's server span (`serve`), continuing the client's `traceparent`;
 * - one client span per upstream attempt, retries and fallbacks each their own
 *   (`attempt`), named and described by OpenTelemetry's GenAI conventions;
 * - the GenAI totals on the request span when the exchange is accounted (`finish`):
 *   tokens, cost, finish reasons, model ref and workspace.
 *
 * Prompt and answer text is never put on a span, unless the operator opted in
 * (`OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true`); then it is redacted
 * like log lines.
 */
export class InferenceTrace {
  private readonly finishReasons = new Set<string>();
  private responseModel: string | undefined;
  private output = '';
  private attempts = 0;

  private constructor(
    private readonly span: Span,
    private readonly operation: string,
  ) {}

  /**
   * Runs a routed request in a server span (a plain call when tracing is off, or the
   * span is not sampled out of the client's context). The span ends when the response closes.
   */
  static serve(req: IncomingMessage, res: ServerResponse, path: string, run: () => void): void {
    const parent = contextFromHeaders(req.headers);
    const span = tracer.startSpan(`${req.method ?? 'GET'} ${path}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method ?? 'GET', 'http.route': path } }, parent);
    res.once('close', () =>
      // After the exchange's accounting, which runs right after its last byte (`finish`).
      setImmediate(() => {
        span.setAttribute('http.response.status_code', res.statusCode);
        if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      }),
    );
    context.with(trace.setSpan(parent, span), run);
  }

  /** The trace of one inference exchange, on the active request span; undefined when nothing records. */
  static begin(endpoint: InferenceEndpoint, body: Record<string, unknown> | undefined): InferenceTrace | undefined {
    const span = trace.getSpan(context.active());
    if (span === undefined || !span.isRecording()) return undefined;
    const operation = OPERATIONS[endpoint];
    span.setAttribute('gen_ai.operation.name', operation);
    if (body !== undefined && tracingCapturesContent()) span.setAttribute('gen_ai.input.messages', captured(body['messages'] ?? body['prompt'] ?? body['input']));
    return new InferenceTrace(span, operation);
  }

  /**
   * The request span as the parent of what the exchange sends on its behalf (its usage
   * event): the usage is settled right before the answer's last write, while an upstream
   * attempt's span may still be the active one.
   */
  requestContext(): Context {
    return trace.setSpan(context.active(), this.span);
  }

  /** Runs one upstream attempt in its own client span; `fallback` is the fallback's position (0 for the requested model). */
  async attempt<T extends { kind: string; failure?: { code: string } }>(model: ServingModel, fallback: number, run: () => Promise<T>): Promise<T> {
    this.attempts += 1;
    const attributes: Attributes = {
      'gen_ai.operation.name': this.operation,
      'gen_ai.system': model.provider,
      'gen_ai.provider.name': model.provider,
      'gen_ai.request.model': model.upstreamModelId,
      'model_garden.model.ref': model.ref,
      'model_garden.attempt': this.attempts,
      'model_garden.fallback': fallback,
    };
    try {
      attributes['server.address'] = new URL(model.baseUrl).hostname;
    } catch {
      // an unparseable base URL never reaches an attempt
    }
    const span = tracer.startSpan(`${this.operation} ${model.upstreamModelId}`, { kind: SpanKind.CLIENT, attributes });
    try {
      const outcome = await context.with(trace.setSpan(context.active(), span), run);
      span.setAttribute('model_garden.outcome', outcome.kind);
      if (outcome.failure !== undefined) {
        span.setAttribute('error.type', outcome.failure.code);
        span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.failure.code });
      } else if (outcome.kind === 'served') {
        this.describeAnswer(span);
      }
      return outcome;
    } catch (error) {
      span.setAttribute('error.type', error instanceof Error ? error.name : 'error');
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  }

  /** Server-sent events passed to the client: the response model, finish reasons and (opt-in) the answer's text. */
  onEvents(events: Buffer | undefined): void {
    if (events === undefined) return;
    const text = events.toString('utf8');
    this.responseModel ??= RESPONSE_MODEL.exec(text)?.[1];
    for (const match of text.matchAll(FINISH_REASON)) this.finishReasons.add(match[1]);
    if (tracingCapturesContent() && this.output.length < MAX_CONTENT_CHARS) {
      for (const match of text.matchAll(/"content"\s*:\s*("(?:[^"\\]|\\.)*")/g)) this.output += JSON.parse(match[1]) as string;
    }
  }

  /** A JSON answer passed to the client. */
  onAnswer(json: Record<string, unknown>): void {
    if (typeof json['model'] === 'string') this.responseModel = json['model'];
    const choices = Array.isArray(json['choices']) ? (json['choices'] as unknown[]) : [];
    for (const choice of choices) {
      const reason = (choice as { finish_reason?: unknown }).finish_reason;
      if (typeof reason === 'string') this.finishReasons.add(reason);
    }
    if (tracingCapturesContent()) this.output = JSON.stringify(choices);
  }

  /** The exchange's totals on the request span, from its usage event (absent when no model was resolved). */
  finish(usage: UsageRecordedData | undefined, requestedModel: ServingModel | undefined): void {
    const span = this.span;
    if (requestedModel !== undefined) span.setAttribute('gen_ai.request.model', requestedModel.upstreamModelId);
    this.describeAnswer(span);
    span.setAttribute('model_garden.attempts', this.attempts);
    if (usage === undefined) return;
    span.setAttributes({
      'gen_ai.usage.input_tokens': usage.inputTokens,
      'gen_ai.usage.output_tokens': usage.outputTokens,
      'model_garden.model.ref': usage.modelRef,
      'model_garden.workspace.id': usage.workspaceId,
      'model_garden.cost_usd': usage.costUsd,
      'model_garden.usage.estimated': usage.estimated,
      'model_garden.streamed': usage.streamed,
    });
    if (usage.errorCode !== undefined) span.setAttribute('error.type', usage.errorCode);
    if (usage.deploymentKey !== undefined) span.setAttribute('model_garden.deployment.key', usage.deploymentKey);
  }

  private describeAnswer(span: Span): void {
    if (this.responseModel !== undefined) span.setAttribute('gen_ai.response.model', this.responseModel);
    if (this.finishReasons.size > 0) span.setAttribute('gen_ai.response.finish_reasons', [...this.finishReasons]);
    if (this.output !== '' && tracingCapturesContent()) span.setAttribute('gen_ai.output.messages', captured(this.output));
  }
}

/** Opt-in content: JSON, redacted like a log line, bounded. */
function captured(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
  return redactText(text.length > MAX_CONTENT_CHARS ? text.slice(0, MAX_CONTENT_CHARS) : text);
}
