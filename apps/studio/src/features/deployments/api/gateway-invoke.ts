import { DEPLOYMENT_HEADERS } from '@model-garden/contracts/browser';

/**
 * The playground's calls of the gateway's orq.ai-compatible Deployments API
 * (`POST /v2/deployments/invoke` with `stream: true`), exactly as an application
 * makes them: the workspace key as bearer token, snake_case on the wire, server-sent
 * events read as they arrive.
 */

export interface InvokeRequest {
  key: string;
  inputs: Record<string, string>;
  context: Record<string, unknown>;
  identity?: { id: string } & Record<string, unknown>;
  /** Answer with this text without calling the model (and record no usage): tries routing and templating for free. */
  mockResponse?: string;
}

/** One event of the stream, as far as the playground reads it. */
export interface InvokeChunk {
  id?: string;
  model?: string;
  provider?: string;
  is_final?: boolean;
  usage?: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number } | null;
  choices?: { index: number; finish_reason?: string | null; message?: { role?: string; content?: string | null; tool_calls?: unknown[] } }[];
}

export interface InvokeResult {
  text: string;
  model: string | null;
  provider: string | null;
  finishReason: string | null;
  usage: { promptTokens: number; completionTokens: number } | null;
  /** Which version and variant served, from the response headers. */
  version: string | null;
  variant: string | null;
  /** Milliseconds until the first chunk and until the end. */
  firstChunkMs: number | null;
  totalMs: number;
}

/** The gateway's error body, as `/v1` sends it (OpenAI-style) or orq.ai-style. */
export class GatewayError extends Error {
  override readonly name = 'GatewayError';

  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** `https://gw.example.com/v1` → `https://gw.example.com/v2/deployments/invoke`. */
export function invokeUrl(gatewayUrl: string): string {
  return `${gatewayUrl.replace(/\/+$/, '').replace(/\/v1$/, '')}/v2/deployments/invoke`;
}

/**
 * Reads server-sent events from text chunks: calls `onData` with the payload of each
 * complete `data:` event (multi-line data joined), and returns what is left for the
 * next chunk. `[DONE]` is passed on like any payload.
 */
export function feedSse(buffer: string, chunk: string, onData: (data: string) => void): string {
  let text = (buffer + chunk).replace(/\r\n?/g, '\n');
  let end = text.indexOf('\n\n');
  while (end >= 0) {
    const event = text.slice(0, end);
    text = text.slice(end + 2);
    const data = event
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).replace(/^ /, ''));
    if (data.length > 0) onData(data.join('\n'));
    end = text.indexOf('\n\n');
  }
  return text;
}

/** The gateway's own words for a refused call, with its status: `The gateway answered 400: Missing required input "question".` */
export function errorMessage(status: number, body: string): string {
  let detail: string | undefined;
  try {
    const parsed = JSON.parse(body) as { error?: { message?: string } | string; message?: string };
    if (typeof parsed.error === 'object' && parsed.error?.message) detail = parsed.error.message;
    else if (typeof parsed.error === 'string') detail = parsed.error;
    else if (parsed.message) detail = parsed.message;
  } catch {
    // not JSON: the status says it
  }
  return detail ? `The gateway answered ${status}: ${detail}` : `The gateway answered ${status}.`;
}

/** Accumulates the streamed chunks into the answer shown so far. */
export function applyChunk(result: InvokeResult, chunk: InvokeChunk): InvokeResult {
  const choice = chunk.choices?.[0];
  const content = choice?.message?.content ?? '';
  // orq.ai's stream repeats the whole message in the final event; append only deltas.
  const text = chunk.is_final && content !== '' && content.startsWith(result.text) ? content : chunk.is_final ? result.text || content : result.text + content;
  return {
    ...result,
    text,
    model: chunk.model ?? result.model,
    provider: chunk.provider ?? result.provider,
    finishReason: choice?.finish_reason ?? result.finishReason,
    usage: chunk.usage ? { promptTokens: chunk.usage.prompt_tokens ?? 0, completionTokens: chunk.usage.completion_tokens ?? 0 } : result.usage,
  };
}

/** The wire body of a streamed invoke (snake_case, as orq.ai's API takes it). */
export function invokeBody(request: InvokeRequest): Record<string, unknown> {
  const { mockResponse, ...rest } = request;
  return { ...rest, stream: true, invoke_options: { include_usage: true, ...(mockResponse ? { mock_response: mockResponse } : {}) } };
}

export async function streamInvoke(
  options: { gatewayUrl: string; apiKey: string; request: InvokeRequest; signal?: AbortSignal; fetch?: typeof fetch },
  onProgress: (result: InvokeResult) => void,
): Promise<InvokeResult> {
  const started = performance.now();
  const fetchImpl = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  let response: Response;
  try {
    response = await fetchImpl(invokeUrl(options.gatewayUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify(invokeBody(options.request)),
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError') throw error;
    throw new GatewayError(0, `The gateway at ${options.gatewayUrl} could not be reached from this browser: check that it runs and allows this studio's origin (GATEWAY_CORS_ORIGINS).`);
  }
  if (!response.ok || !response.body) throw new GatewayError(response.status, errorMessage(response.status, await response.text()));
  let result: InvokeResult = {
    text: '',
    model: null,
    provider: null,
    finishReason: null,
    usage: null,
    version: response.headers.get(DEPLOYMENT_HEADERS.version),
    variant: response.headers.get(DEPLOYMENT_HEADERS.variant),
    firstChunkMs: null,
    totalMs: 0,
  };
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let streamError: string | null = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer = feedSse(buffer, value, (data) => {
      if (data === '[DONE]') return;
      let chunk: InvokeChunk & { error?: { message?: string } };
      try {
        chunk = JSON.parse(data) as InvokeChunk & { error?: { message?: string } };
      } catch {
        return;
      }
      if (chunk.error) {
        // A failure after the stream began (the model broke off): an error event in the stream.
        streamError = chunk.error.message ?? 'The model failed during the answer.';
        return;
      }
      if (result.firstChunkMs === null) result = { ...result, firstChunkMs: Math.round(performance.now() - started) };
      result = applyChunk(result, chunk);
      onProgress(result);
    });
  }
  result = { ...result, totalMs: Math.round(performance.now() - started) };
  onProgress(result);
  if (streamError !== null) throw new GatewayError(response.status, `The answer broke off: ${streamError}`);
  return result;
}
