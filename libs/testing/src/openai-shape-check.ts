import { openAiResponseProblems, type OpenAiResponseShape } from '@model-garden/contracts';

/** What decides the shape of a gateway answer: the call, and the status and content type of its answer. */
export interface GatewayAnswerContext {
  method: string;
  /** The URL path (no query), e.g. `/v1/chat/completions`. */
  path: string;
  /** The JSON request body, when there was one. */
  requestBody?: unknown;
  status: number;
  contentType: string | null;
}

/** The schemas an answer must match: its JSON body, or each of its SSE chunks. Undefined: not an OpenAI answer (a `/v2` body, a 204). */
export type ExpectedShape = { kind: 'json'; shape: OpenAiResponseShape } | { kind: 'sse'; chunk: OpenAiResponseShape };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The OpenAI shape of a gateway answer, by endpoint, status and content type; errors in OpenAI's shape on every path. */
export function expectedGatewayShape(context: GatewayAnswerContext): ExpectedShape | undefined {
  const type = (context.contentType ?? '').toLowerCase();
  if (context.status >= 400) return { kind: 'json', shape: 'error' };
  if (context.status !== 200) return undefined;
  const body = isRecord(context.requestBody) ? context.requestBody : {};
  const withUsage = isRecord(body['stream_options']) && body['stream_options']['include_usage'] === true;
  const streamed = type.startsWith('text/event-stream');
  const method = context.method.toUpperCase();
  const path = context.path.replace(/\/+$/, '');
  if (method === 'POST' && path === '/v1/chat/completions') {
    return streamed ? { kind: 'sse', chunk: withUsage ? 'chatCompletionChunkWithUsage' : 'chatCompletionChunk' } : { kind: 'json', shape: 'chatCompletion' };
  }
  if (method === 'POST' && path === '/v1/completions') {
    return streamed ? { kind: 'sse', chunk: withUsage ? 'completionChunkWithUsage' : 'completionChunk' } : { kind: 'json', shape: 'completion' };
  }
  if (method === 'POST' && path === '/v1/embeddings') return { kind: 'json', shape: body['encoding_format'] === 'base64' ? 'embeddingsBase64' : 'embeddings' };
  if (method === 'POST' && path === '/v1/images/generations') return { kind: 'json', shape: 'images' };
  if (method === 'GET' && path === '/v1/models') return { kind: 'json', shape: 'modelList' };
  if (method === 'GET' && path.startsWith('/v1/models/')) return { kind: 'json', shape: 'model' };
  return undefined;
}

/** The problems of a JSON answer against its shape, each prefixed with the call (`POST /v1/embeddings 200: $.usage is required`). */
export function gatewayBodyProblems(context: GatewayAnswerContext, text: string): string[] {
  const expected = expectedGatewayShape(context);
  if (expected === undefined) return [];
  const label = `${context.method.toUpperCase()} ${context.path} ${context.status}`;
  if (expected.kind === 'sse') return [`${label}: expected an event stream, got ${context.contentType ?? 'no content type'}`];
  if (!(context.contentType ?? '').toLowerCase().includes('json')) return [`${label}: expected a JSON ${expected.shape} body, got ${context.contentType ?? 'no content type'}`];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [`${label}: the body is not JSON`];
  }
  return openAiResponseProblems(expected.shape, value).map((problem) => `${label} (${expected.shape}): ${problem}`);
}

/** The problems of one SSE event's `data` against the stream's chunk shape; `[DONE]` ends the stream and an `error` event is an error body. */
export function gatewayChunkProblems(chunk: OpenAiResponseShape, data: string, label = 'chunk'): string[] {
  if (data === '[DONE]') return [];
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return [`${label}: an event is not JSON: ${data.slice(0, 80)}`];
  }
  const shape: OpenAiResponseShape = isRecord(value) && 'error' in value ? 'error' : chunk;
  return openAiResponseProblems(shape, value).map((problem) => `${label} (${shape}): ${problem}`);
}

/** The `data` of a complete SSE event (its `data:` lines joined), or undefined for an event without data (a comment). */
function eventData(block: string): string | undefined {
  const lines = block.split(/\r?\n/).filter((line) => line.startsWith('data:'));
  if (lines.length === 0) return undefined;
  return lines.map((line) => line.slice(line.charCodeAt(5) === 0x20 ? 6 : 5)).join('\n');
}

function isErrorEvent(data: string): boolean {
  try {
    const value: unknown = JSON.parse(data);
    return isRecord(value) && 'error' in value;
  } catch {
    return false;
  }
}

function requestText(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  return undefined;
}

/**
 * Checks every answer of one gateway (requests whose URL starts with `gatewayUrl`)
 * against the OpenAI schemas of `@model-garden/contracts`: JSON bodies as they arrive,
 * SSE streams event by event while they flow (each event passes through unchanged, so
 * timing is kept). A problem is recorded (`take()`) and fails the call: the fetch
 * rejects, or the stream errors at the bad event. Other URLs pass through untouched.
 *
 * The e2e tier installs it as the global `fetch` (tools/jest/e2e.setup.ts), so the
 * official SDKs and raw calls of every spec are checked without a spec asking for it.
 */
export class GatewayShapeCheck {
  private problems: string[] = [];
  private readonly origin: string;

  constructor(
    gatewayUrl: string,
    private readonly base: typeof fetch,
  ) {
    this.origin = gatewayUrl.replace(/\/+$/, '');
  }

  /** The problems found since the last call, and forgets them. */
  take(): string[] {
    const found = this.problems;
    this.problems = [];
    return found;
  }

  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url !== this.origin && !url.startsWith(`${this.origin}/`)) return this.base(input, init);
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    let requestBody: unknown;
    const raw = requestText(init?.body);
    if (raw !== undefined) {
      try {
        requestBody = JSON.parse(raw);
      } catch {
        requestBody = undefined;
      }
    }
    const response = await this.base(input, init);
    const context: GatewayAnswerContext = { method, path: new URL(url).pathname, requestBody, status: response.status, contentType: response.headers.get('content-type') };
    const expected = expectedGatewayShape(context);
    if (expected === undefined) return response;
    if (expected.kind === 'sse' && (context.contentType ?? '').toLowerCase().startsWith('text/event-stream') && response.body !== null) {
      return rebuilt(response, response.body.pipeThrough(this.streamCheck(expected.chunk, `${method} ${context.path} 200`)));
    }
    const text = await response.text();
    const problems = gatewayBodyProblems(context, text);
    if (problems.length > 0) this.fail(problems);
    return rebuilt(response, text);
  };

  private fail(problems: string[]): never {
    this.problems.push(...problems);
    throw new Error(`the gateway's answer does not match OpenAI's shape:\n${problems.join('\n')}`);
  }

  /** Passes the stream through unchanged, checking each complete event; ending without `[DONE]` (or an error event) is a problem too. */
  private streamCheck(chunk: OpenAiResponseShape, label: string): TransformStream<Uint8Array, Uint8Array> {
    const decoder = new TextDecoder();
    let pending = '';
    let index = 0;
    let ended = false;
    const check = (block: string): void => {
      const data = eventData(block);
      if (data === undefined) return;
      if (ended) this.fail([`${label}: an event came after the stream ended: ${data.slice(0, 80)}`]);
      if (data === '[DONE]' || isErrorEvent(data)) ended = true;
      const problems = gatewayChunkProblems(chunk, data, `${label} event ${index}`);
      index += 1;
      if (problems.length > 0) this.fail(problems);
    };
    const drain = (): void => {
      for (let match = /\r?\n\r?\n/.exec(pending); match !== null; match = /\r?\n\r?\n/.exec(pending)) {
        const block = pending.slice(0, match.index);
        pending = pending.slice(match.index + match[0].length);
        check(block);
      }
    };
    return new TransformStream<Uint8Array, Uint8Array>({
      transform: (bytes, controller) => {
        controller.enqueue(bytes);
        pending += decoder.decode(bytes, { stream: true });
        drain();
      },
      flush: () => {
        pending += decoder.decode();
        drain();
        if (pending.trim() !== '') check(pending);
        if (!ended) this.fail([`${label}: the stream ended without data: [DONE]`]);
      },
    });
  }
}

function rebuilt(response: Response, body: ConstructorParameters<typeof Response>[0]): Response {
  const copy = new Response(response.status === 204 || response.status === 304 ? null : body, { status: response.status, statusText: response.statusText, headers: response.headers });
  Object.defineProperty(copy, 'url', { value: response.url });
  return copy;
}
