import type { Exchange } from '../http/exchange';
import { SseWriter } from '../http/sse';
import { toPieces } from '../shared/text';
import type { ChatRequest } from './chat.request';
import type { ChatOutput, ChatReply } from './chat.reply';

const SYSTEM_FINGERPRINT = 'fp_mock';

export interface ResponseMeta {
  id: string;
  created: number;
  model: string;
}

export interface StreamPacing {
  /** Exact number of content (or argument) chunks; by default one per word. */
  chunks?: number;
  /** Pause between consecutive content chunks. */
  chunkDelayMs?: number;
}

function usageBody(reply: ChatReply, n: number): object {
  const completion = reply.completionTokens * n;
  return {
    prompt_tokens: reply.promptTokens,
    completion_tokens: completion,
    total_tokens: reply.promptTokens + completion,
    prompt_tokens_details: { cached_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0 },
  };
}

function message(output: ChatOutput): object {
  return output.kind === 'text'
    ? { role: 'assistant', content: output.content, refusal: null }
    : { role: 'assistant', content: null, refusal: null, tool_calls: [output.call] };
}

/** The `chat.completion` object; every one of the `n` choices is the same answer. */
export function chatCompletion(meta: ResponseMeta, request: ChatRequest, reply: ChatReply): object {
  const choices = [];
  for (let index = 0; index < request.n; index++) {
    choices.push({ index, message: message(reply.output), logprobs: null, finish_reason: reply.output.finishReason });
  }
  return {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices,
    usage: usageBody(reply, request.n),
    system_fingerprint: SYSTEM_FINGERPRINT,
  };
}

/**
 * Streams the answer as OpenAI does: per choice a role chunk, then content (or
 * tool-call argument) chunks, then a chunk with the finish reason; with
 * `stream_options.include_usage` every chunk carries `usage: null` and a last chunk
 * with no choices carries the usage; then `data: [DONE]`.
 */
export async function streamChatCompletion(exchange: Exchange, meta: ResponseMeta, request: ChatRequest, reply: ChatReply, pacing: StreamPacing): Promise<void> {
  const sse = new SseWriter(exchange);
  sse.open();
  const output = reply.output;
  const chunk = (index: number, delta: object, finishReason: string | null = null): object => ({
    id: meta.id,
    object: 'chat.completion.chunk',
    created: meta.created,
    model: meta.model,
    system_fingerprint: SYSTEM_FINGERPRINT,
    choices: [{ index, delta, logprobs: null, finish_reason: finishReason }],
    ...(request.includeUsage ? { usage: null } : {}),
  });
  const n = request.n;

  for (let index = 0; index < n; index++) {
    if (output.kind === 'text') {
      if (!(await sse.send(chunk(index, { role: 'assistant', content: '', refusal: null })))) return;
    } else {
      const { id, type, function: fn } = output.call;
      if (!(await sse.send(chunk(index, { role: 'assistant', content: null, refusal: null })))) return;
      if (!(await sse.send(chunk(index, { tool_calls: [{ index: 0, id, type, function: { name: fn.name, arguments: '' } }] })))) return;
    }
  }

  const pieces = toPieces(output.kind === 'text' ? output.content : output.call.function.arguments, pacing.chunks);
  const delayMs = pacing.chunkDelayMs ?? 0;
  for (let p = 0; p < pieces.length; p++) {
    if (p > 0 && delayMs > 0 && !(await exchange.delay(delayMs))) return;
    const delta = output.kind === 'text' ? { content: pieces[p] } : { tool_calls: [{ index: 0, function: { arguments: pieces[p] } }] };
    for (let index = 0; index < n; index++) if (!(await sse.send(chunk(index, delta)))) return;
  }

  for (let index = 0; index < n; index++) if (!(await sse.send(chunk(index, {}, output.finishReason)))) return;
  if (request.includeUsage) {
    const last = { id: meta.id, object: 'chat.completion.chunk', created: meta.created, model: meta.model, system_fingerprint: SYSTEM_FINGERPRINT, choices: [], usage: usageBody(reply, n) };
    if (!(await sse.send(last))) return;
  }
  sse.done();
}
