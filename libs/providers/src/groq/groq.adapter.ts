import { type ChatCompletionRequest, type ChatStreamChunk, type TokenUsage } from '../core/openai-shapes';
import { type Parsed } from '../core/provider-adapter';
import { OpenAiCompatibleAdapter } from '../open-ai-base/open-ai-base.adapter';
import { isObject, readUsage } from '../open-ai-base/open-ai-base.responses';

/**
 * Groq (https://api.groq.com/openai/v1).
 *
 * Followed: console.groq.com/docs/openai, "Currently Unsupported OpenAI Features":
 * `logprobs`, `logit_bias`, `top_logprobs` and `messages[].name` "will result in a 400
 * error if they are supplied", and "if N is supplied, it must be equal to 1". The adapter
 * removes those fields and forces `n` to 1.
 *
 * Groq serves chat models only through this API (the same page lists chat, responses
 * and audio endpoints; no legacy completions, embeddings or images).
 *
 * Streamed usage: Groq used to refuse `stream_options` ("property 'stream_options' is
 * unsupported", vercel/ai#1578, May 2024) and put usage in `x_groq.usage` of the last
 * chunk (vercel/ai#1651). Its API reference now accepts `stream_options.include_usage`
 * and sends the standard usage chunk (Portkey-AI/gateway#1338, Sept 2025), so the
 * option is sent and both places are read.
 */
export class GroqAdapter extends OpenAiCompatibleAdapter {
  constructor() {
    super({
      id: 'groq',
      name: 'Groq',
      docsUrl: 'https://console.groq.com/docs/openai',
      hosts: ['api.groq.com'],
      // Keys start with `gsk_` (console.groq.com/keys).
      keyPrefixes: ['gsk_'],
      defaultBaseUrl: 'https://api.groq.com/openai/v1',
      features: {
        modelTypes: ['chat'],
        streamOptions: true,
        unsupportedChatFields: ['logprobs', 'logit_bias', 'top_logprobs'],
      },
    });
  }

  protected override adjustChatRequest(request: ChatCompletionRequest): ChatCompletionRequest {
    const out = { ...request };
    if (out.n !== undefined) out.n = 1;
    if (out.messages.some((message) => message.name !== undefined)) {
      out.messages = out.messages.map((message) => {
        if (message.name === undefined) return message;
        const { name: _name, ...rest } = message;
        return rest;
      });
    }
    return out;
  }

  override parseChatStreamChunk(json: unknown): Parsed<ChatStreamChunk> {
    const parsed = super.parseChatStreamChunk(json);
    if (!parsed.ok || parsed.value.usage) return parsed;
    const usage = this.readUsage(json);
    return usage ? { ok: true, value: { ...parsed.value, usage } } : parsed;
  }

  /** The standard `usage`, else the `x_groq.usage` of Groq's older streams. */
  override readUsage(json: unknown): TokenUsage | undefined {
    return super.readUsage(json) ?? (isObject(json) && isObject(json['x_groq']) ? readUsage(json['x_groq']['usage']) : undefined);
  }
}
