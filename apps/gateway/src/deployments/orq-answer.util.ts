import { randomBytes } from 'node:crypto';
import { type OutgoingHttpHeaders } from 'node:http';
import { PRIVATE_MODEL_PROVIDER } from '@model-garden/contracts';
import { type TokenUsage } from '@model-garden/providers';
import { type ServingModel } from '../catalogue/serving-model';
import { type AnswerShaper } from '../inference/exchange';
import { isRecord } from '../inference/request-options.util';
import { parseEventData } from '../inference/sse-relay';
import { costUsd } from '../usage/usage-meter.util';

/**
 * orq.ai's answer shapes for `/v2/deployments/invoke` and `/stream`, field by field as
 * its official SDK (`@orq-ai/node`) validates them: `id`, `created` (ISO-8601),
 * `object` (`chat`, `completion`), `model`, `provider` (one of orq.ai's provider
 * names; `openailike` for private models), `is_final`, `telemetry` (`trace_id`,
 * `span_id`), `usage` (with `include_usage`), `choices[]` with `index`,
 * `finish_reason` and `message` (`type` `content` or `tool_calls`, `role`, `content`,
 * `tool_calls`).
 */

/** orq.ai's provider names (a closed list in its SDK); a catalogue provider maps onto one, anything else is `openailike`. */
const ORQ_PROVIDERS = new Set(['openai', 'groq', 'cohere', 'azure', 'aws', 'google', 'google-ai', 'huggingface', 'togetherai', 'perplexity', 'anthropic', 'mistral', 'deepseek', 'cerebras', 'openailike', 'fireworks', 'xai', 'nvidia', 'nebius']);
const PROVIDER_ALIASES: Record<string, string> = { together: 'togetherai' };

export function orqProvider(provider: string): string {
  const name = PROVIDER_ALIASES[provider] ?? provider;
  return ORQ_PROVIDERS.has(name) ? name : PRIVATE_MODEL_PROVIDER;
}

export interface Telemetry {
  trace_id: string;
  span_id: string;
}

/** The caller's W3C trace id when it sent `traceparent`, with a new span id; fresh ids otherwise. */
export function telemetryFor(traceparent: string | string[] | undefined): Telemetry {
  const header = Array.isArray(traceparent) ? traceparent[0] : traceparent;
  const match = header === undefined ? null : /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/.exec(header.trim());
  const traceId = match && !/^0+$/.test(match[1]!) ? match[1]! : randomBytes(16).toString('hex');
  return { trace_id: traceId, span_id: randomBytes(8).toString('hex') };
}

export type OrqObject = 'chat' | 'completion';

interface OrqToolCall {
  id?: string;
  index?: number;
  type: 'function';
  function: { name: string; arguments: string };
}

export type OrqMessage =
  | { type: 'content'; role: string; content: string | null }
  | { type: 'tool_calls'; role: string; content: string | null; tool_calls: OrqToolCall[] };

export interface OrqChoice {
  index: number;
  finish_reason: string | null;
  message: OrqMessage;
}

export interface OrqAnswer {
  id: string;
  created: string;
  object: OrqObject;
  model: string;
  provider: string;
  is_final: boolean;
  telemetry: Telemetry;
  finalized?: string;
  system_fingerprint?: string | null;
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number; cost_usd?: number } | null;
  choices: OrqChoice[];
}

export interface AnswerMeta {
  id: string;
  created: string;
  object: OrqObject;
  telemetry: Telemetry;
  includeUsage: boolean;
}

function toolCalls(raw: unknown): OrqToolCall[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isRecord).map((call, position) => {
    const fn = isRecord(call['function']) ? call['function'] : {};
    const out: OrqToolCall = {
      type: 'function',
      function: { name: typeof fn['name'] === 'string' ? fn['name'] : '', arguments: typeof fn['arguments'] === 'string' ? fn['arguments'] : '' },
    };
    if (typeof call['id'] === 'string') out.id = call['id'];
    out.index = typeof call['index'] === 'number' ? call['index'] : position;
    return out;
  });
}

/** One OpenAI choice (a message, a delta or a completion text) as orq.ai's choice. */
function choiceOf(raw: Record<string, unknown>, position: number): OrqChoice {
  const index = typeof raw['index'] === 'number' ? raw['index'] : position;
  const finish = typeof raw['finish_reason'] === 'string' ? raw['finish_reason'] : null;
  const message = isRecord(raw['message']) ? raw['message'] : isRecord(raw['delta']) ? raw['delta'] : undefined;
  const role = typeof message?.['role'] === 'string' ? message['role'] : 'assistant';
  const content = typeof raw['text'] === 'string' ? raw['text'] : typeof message?.['content'] === 'string' ? message['content'] : null;
  const calls = toolCalls(message?.['tool_calls']);
  if (calls.length > 0) return { index, finish_reason: finish, message: { type: 'tool_calls', role, content, tool_calls: calls } };
  return { index, finish_reason: finish, message: { type: 'content', role, content: content ?? (finish === null ? '' : null) } };
}

function usageOf(raw: unknown): OrqAnswer['usage'] {
  if (!isRecord(raw)) return null;
  const prompt = typeof raw['prompt_tokens'] === 'number' ? raw['prompt_tokens'] : 0;
  const completion = typeof raw['completion_tokens'] === 'number' ? raw['completion_tokens'] : 0;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: typeof raw['total_tokens'] === 'number' ? raw['total_tokens'] : prompt + completion };
}

function base(meta: AnswerMeta, model: { ref: string; provider: string }, isFinal: boolean): OrqAnswer {
  return { id: meta.id, created: meta.created, object: meta.object, model: model.ref, provider: orqProvider(model.provider), is_final: isFinal, telemetry: meta.telemetry, choices: [] };
}

/** The answer for `mock_response`: the text as the model's reply, without calling it. */
export function mockAnswer(meta: AnswerMeta, model: { ref: string; provider: string }, text: string): OrqAnswer {
  const answer = base(meta, model, true);
  answer.finalized = new Date().toISOString();
  answer.choices = [{ index: 0, finish_reason: 'stop', message: { type: 'content', role: 'assistant', content: text } }];
  if (meta.includeUsage) answer.usage = null;
  return answer;
}

export function sseEvent(data: object | string): string {
  return `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
}

/**
 * Reshapes the shared inference path's answers into orq.ai's: the JSON answer whole,
 * a stream event by event (`is_final: false`), then a final event (`is_final: true`,
 * the finish reason, usage with `include_usage`) and `data: [DONE]`.
 */
export class OrqShaper implements AnswerShaper {
  /** Answered from the exact-match cache: the usage's cost_usd is 0, as in the usage event. */
  cached = false;
  private finishReason: string | null = null;
  private fingerprint: string | null | undefined;

  constructor(
    private readonly meta: AnswerMeta,
    readonly headers: OutgoingHttpHeaders,
  ) {}

  json(upstream: Record<string, unknown>, model: ServingModel): object {
    const answer = base(this.meta, model, true);
    answer.finalized = new Date().toISOString();
    if (typeof upstream['system_fingerprint'] === 'string') answer.system_fingerprint = upstream['system_fingerprint'];
    answer.choices = (Array.isArray(upstream['choices']) ? upstream['choices'] : []).filter(isRecord).map(choiceOf);
    if (this.meta.includeUsage) {
      answer.usage = usageOf(upstream['usage']);
      if (answer.usage) answer.usage.cost_usd = this.cached ? 0 : costUsd(model.pricing, answer.usage.prompt_tokens, answer.usage.completion_tokens, 0);
    }
    return answer;
  }

  events(upstream: Buffer, model: ServingModel): string | undefined {
    let out = '';
    for (const block of upstream.toString('utf8').split(/\r?\n\r?\n/)) {
      if (block.trim() === '') continue;
      const json = parseEventData(block);
      if (json === undefined) continue; // [DONE] and comments: the final event and [DONE] come from finish()
      if (isRecord(json['error'])) {
        out += sseEvent(json);
        continue;
      }
      const choices = (Array.isArray(json['choices']) ? json['choices'] : []).filter(isRecord);
      if (choices.length === 0) continue;
      if (this.fingerprint === undefined && typeof json['system_fingerprint'] === 'string') this.fingerprint = json['system_fingerprint'];
      const event = base(this.meta, model, false);
      event.choices = choices.map(choiceOf);
      for (const choice of event.choices) if (choice.finish_reason !== null) this.finishReason = choice.finish_reason;
      out += sseEvent(event);
    }
    return out === '' ? undefined : out;
  }

  finish(model: ServingModel, usage: TokenUsage | undefined): string {
    const final = base(this.meta, model, true);
    final.finalized = new Date().toISOString();
    if (this.fingerprint !== undefined) final.system_fingerprint = this.fingerprint;
    final.choices = [{ index: 0, finish_reason: this.finishReason ?? 'stop', message: { type: 'content', role: 'assistant', content: '' } }];
    if (this.meta.includeUsage) {
      // cost_usd (a Model Garden extension): the served variant's price of these tokens, as the usage record has it.
      final.usage =
        usage === undefined
          ? null
          : { prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens, total_tokens: usage.totalTokens, cost_usd: this.cached ? 0 : costUsd(model.pricing, usage.promptTokens, usage.completionTokens, 0) };
    }
    return `${sseEvent(final)}data: [DONE]\n\n`;
  }
}
