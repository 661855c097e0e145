import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type CellError, ERROR_CODES } from '@model-garden/contracts';
import { Agent, request } from 'undici';
import { ExperimentWorkerConfig } from '../config/experiment-worker.config';

/** The answer of one streamed call, with its timings and the usage chunk's tokens. */
export interface StreamedAnswer {
  output: string;
  truncated: boolean;
  finishReason: string | null;
  latencyMs: number;
  ttftMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  /** The gateway's price of the call (`usage.cost_usd` of a deployment stream's final event), or null when it sent none. */
  costUsd: number | null;
}

/**
 * The gateway refused or failed the call. `retryable`: the platform failed (gateway
 * unreachable or overloaded, rate limited), worth another attempt of the job;
 * otherwise it is the model's answer to this cell (recorded as the cell's error).
 * `credentialRefused`: the run's key was refused (revoked or expired).
 */
export class GatewayCallError extends Error {
  constructor(
    readonly error: CellError,
    readonly retryable: boolean,
    readonly status: number | null,
    readonly credentialRefused = false,
    /** The gateway's Retry-After on a 429, in milliseconds. */
    readonly retryAfterMs?: number,
  ) {
    super(`${error.code}: ${error.message}`);
    this.name = 'GatewayCallError';
  }
}

interface OpenAiErrorBody {
  error?: { message?: unknown; code?: unknown; type?: unknown; param?: unknown };
}

interface StreamChunk {
  choices?: { delta?: { content?: unknown; tool_calls?: unknown }; message?: { content?: unknown }; finish_reason?: unknown }[];
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown; cost_usd?: unknown } | null;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_CLOSED']);
/** Gateway error codes that say the platform, not the model, failed. */
const PLATFORM_CODES = new Set([ERROR_CODES.serviceUnavailable, ERROR_CODES.rateLimited, 'rate_limit_exceeded', 'overloaded']);

function integer(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
}

/**
 * Calls the gateway exactly as any client does (OpenAI API, the run's workspace key),
 * so usage, cost, retries, rate limits and the outbound guard are the gateway's. Chat
 * calls stream with `include_usage`: time to first token is measured at the first
 * content chunk, latency at the end of the stream, tokens from the usage chunk.
 */
@Injectable()
export class GatewayClient implements OnApplicationShutdown {
  private readonly agent: Agent;
  private readonly base: string;

  constructor(private readonly config: ExperimentWorkerConfig) {
    this.agent = new Agent({ keepAliveTimeout: 4_000, connections: 256, headersTimeout: config.EXPERIMENT_CALL_TIMEOUT_MS, bodyTimeout: config.EXPERIMENT_CALL_TIMEOUT_MS });
    this.base = config.GATEWAY_URL.replace(/\/+$/, '');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.agent.close().catch(() => undefined);
  }

  /** POST /v1/chat/completions, streamed. */
  streamChat(apiKey: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<StreamedAnswer> {
    return this.stream('/v1/chat/completions', apiKey, { ...body, stream: true, stream_options: { include_usage: true } }, signal);
  }

  /** POST /v2/deployments/stream (orq.ai's Deployments API at the gateway), with usage in the final event. */
  streamDeployment(apiKey: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<StreamedAnswer> {
    return this.stream('/v2/deployments/stream', apiKey, { ...body, stream: true, invoke_options: { include_usage: true } }, signal);
  }

  /** POST /v1/chat/completions without streaming (a judge's verdict): the message content. */
  async chat(apiKey: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<string> {
    const answer = (await this.post('/v1/chat/completions', apiKey, body, signal)) as { choices?: { message?: { content?: unknown } }[] };
    const content = answer.choices?.[0]?.message?.content;
    if (typeof content !== 'string') throw new GatewayCallError({ code: ERROR_CODES.providerBadResponse, message: 'The judge answered without text content.' }, false, 200);
    return content;
  }

  /** POST /v1/embeddings: one vector per input, in order. */
  async embed(apiKey: string, model: string, input: string[], signal?: AbortSignal): Promise<number[][]> {
    const answer = (await this.post('/v1/embeddings', apiKey, { model, input, encoding_format: 'float' }, signal)) as { data?: { index?: number; embedding?: unknown }[] };
    const data = [...(answer.data ?? [])].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    if (data.length !== input.length || !data.every((d) => Array.isArray(d.embedding) && d.embedding.every((x) => typeof x === 'number'))) {
      throw new GatewayCallError({ code: ERROR_CODES.providerBadResponse, message: `The embedding model answered ${data.length} vectors for ${input.length} inputs.` }, false, 200);
    }
    return data.map((d) => d.embedding as number[]);
  }

  private headers(apiKey: string): Record<string, string> {
    return { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', 'user-agent': 'model-garden-experiment-worker' };
  }

  private async send(path: string, apiKey: string, body: Record<string, unknown>, signal?: AbortSignal) {
    const deadline = AbortSignal.timeout(this.config.EXPERIMENT_CALL_TIMEOUT_MS);
    try {
      return await request(`${this.base}${path}`, {
        method: 'POST',
        dispatcher: this.agent,
        headers: this.headers(apiKey),
        body: JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, deadline]) : deadline,
      });
    } catch (error) {
      throw this.networkError(error);
    }
  }

  private networkError(error: unknown): GatewayCallError {
    const code = (error as { code?: unknown }).code;
    const name = (error as { name?: unknown }).name;
    if (name === 'TimeoutError' || name === 'AbortError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
      return new GatewayCallError({ code: ERROR_CODES.providerTimeout, message: `The gateway did not answer within ${this.config.EXPERIMENT_CALL_TIMEOUT_MS} ms.` }, false, null);
    }
    const retryable = typeof code === 'string' && NETWORK_CODES.has(code);
    return new GatewayCallError({ code: ERROR_CODES.serviceUnavailable, message: `The gateway could not be reached (${typeof code === 'string' ? code : 'network error'}).` }, retryable || code === undefined, null);
  }

  private async refusal(status: number, text: string, headers: Record<string, string | string[] | undefined> = {}): Promise<GatewayCallError> {
    let body: OpenAiErrorBody = {};
    try {
      body = JSON.parse(text) as OpenAiErrorBody;
    } catch {
      // not JSON: keep the status
    }
    const code = typeof body.error?.code === 'string' ? body.error.code : typeof body.error?.type === 'string' ? body.error.type : `http_${status}`;
    const message = typeof body.error?.message === 'string' ? body.error.message.slice(0, 2_000) : `The gateway answered ${status}.`;
    const retryable = status === 429 || (status === 503 && PLATFORM_CODES.has(code));
    const header = headers['retry-after-ms'] ?? headers['retry-after'];
    const seconds = Number(Array.isArray(header) ? header[0] : header);
    const retryAfterMs = status !== 429 || !Number.isFinite(seconds) || seconds < 0 ? undefined : headers['retry-after-ms'] !== undefined ? seconds : seconds * 1000;
    return new GatewayCallError({ code, message }, retryable, status, status === 401, retryAfterMs);
  }

  private async post(path: string, apiKey: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<unknown> {
    const response = await this.send(path, apiKey, body, signal);
    let text: string;
    try {
      text = await response.body.text();
    } catch (error) {
      throw this.networkError(error);
    }
    if (response.statusCode >= 400) throw await this.refusal(response.statusCode, text, response.headers);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new GatewayCallError({ code: ERROR_CODES.providerBadResponse, message: 'The gateway answered with a body that is not JSON.' }, false, response.statusCode);
    }
  }

  private async stream(path: string, apiKey: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<StreamedAnswer> {
    const started = performance.now();
    const response = await this.send(path, apiKey, body, signal);
    if (response.statusCode >= 400) throw await this.refusal(response.statusCode, await response.body.text().catch(() => ''), response.headers);
    const max = this.config.EXPERIMENT_MAX_OUTPUT_CHARS;
    const answer: StreamedAnswer = { output: '', truncated: false, finishReason: null, latencyMs: 0, ttftMs: null, inputTokens: null, outputTokens: null, costUsd: null };
    let buffer = '';
    let done = false;
    const onEvent = (data: string): void => {
      if (data === '[DONE]') {
        done = true;
        return;
      }
      let chunk: StreamChunk;
      try {
        chunk = JSON.parse(data) as StreamChunk;
      } catch {
        throw new GatewayCallError({ code: ERROR_CODES.providerBadResponse, message: 'The stream carried an event that is not JSON.' }, false, response.statusCode);
      }
      const errorBody = (chunk as OpenAiErrorBody).error;
      if (errorBody) throw new GatewayCallError({ code: typeof errorBody.code === 'string' ? errorBody.code : ERROR_CODES.providerError, message: String(errorBody.message ?? 'The stream ended with an error.') }, false, response.statusCode);
      for (const choice of chunk.choices ?? []) {
        const piece = typeof choice.delta?.content === 'string' ? choice.delta.content : typeof choice.message?.content === 'string' ? choice.message.content : '';
        if ((piece !== '' || choice.delta?.tool_calls !== undefined) && answer.ttftMs === null) answer.ttftMs = performance.now() - started;
        if (piece) {
          if (answer.output.length + piece.length > max) {
            answer.output += piece.slice(0, Math.max(0, max - answer.output.length));
            answer.truncated = true;
          } else answer.output += piece;
        }
        if (typeof choice.finish_reason === 'string') answer.finishReason = choice.finish_reason;
      }
      if (chunk.usage) {
        answer.inputTokens = integer(chunk.usage.prompt_tokens);
        answer.outputTokens = integer(chunk.usage.completion_tokens);
        const cost = chunk.usage.cost_usd;
        answer.costUsd = typeof cost === 'number' && Number.isFinite(cost) && cost >= 0 ? cost : null;
      }
    };
    try {
      for await (const piece of response.body) {
        buffer += (piece as Buffer).toString('utf8');
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = event
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trimStart())
            .join('\n');
          if (data) onEvent(data);
        }
      }
    } catch (error) {
      if (error instanceof GatewayCallError) throw error;
      throw new GatewayCallError({ code: ERROR_CODES.providerError, message: `The stream broke off: ${(error as Error).message}` }, false, response.statusCode);
    }
    if (!done) throw new GatewayCallError({ code: ERROR_CODES.providerError, message: 'The stream ended without [DONE]: the answer is incomplete.' }, false, response.statusCode);
    answer.latencyMs = performance.now() - started;
    if (answer.truncated) answer.finishReason = answer.finishReason ?? 'length';
    return answer;
  }
}
