import { adapterForBaseUrl } from '../adapters';
import { openAiCompatibleAdapter } from '../open-ai-base';
import { groqAdapter as adapter } from './index';

/** Fixtures follow console.groq.com/docs/openai and answers Groq is documented to give. */
describe('Groq adapter', () => {
  it('serves api.groq.com', () => {
    expect(adapterForBaseUrl('https://api.groq.com/openai/v1').id).toBe('groq');
  });

  it('removes the fields Groq answers with a 400, and sends n as 1', () => {
    const shaped = adapter.shapeChatRequest({
      model: 'llama-3.3-70b-versatile',
      messages: [
        { role: 'system', content: 'Be brief.', name: 'policy' },
        { role: 'user', content: 'hi' },
      ],
      max_tokens: 16,
      n: 3,
      logprobs: true,
      top_logprobs: 2,
      logit_bias: { '50256': -100 },
    });
    expect(shaped).toEqual({
      model: 'llama-3.3-70b-versatile',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
      ],
      max_tokens: 16,
      n: 1,
    });
  });

  it('asks for streamed usage', () => {
    expect(adapter.features.streamOptions).toBe(true);
    const shaped = adapter.shapeChatRequest({ model: 'm', messages: [], stream: true, stream_options: { include_usage: true } });
    expect(shaped.stream_options).toEqual({ include_usage: true });
  });

  it('reads streamed usage from x_groq.usage as well as from the standard usage chunk', () => {
    const legacy = adapter.parseChatStreamChunk({
      id: 'chatcmpl-1',
      object: 'chat.completion.chunk',
      model: 'llama3-8b-8192',
      choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }],
      x_groq: { id: 'req_1', usage: { queue_time: 0.07, prompt_tokens: 23, prompt_time: 0.006, completion_tokens: 19, completion_time: 0.02, total_tokens: 42 } },
    });
    expect(legacy).toMatchObject({ ok: true, value: { finishReason: 'stop', usage: { promptTokens: 23, completionTokens: 19, totalTokens: 42 } } });
    const standard = adapter.parseChatStreamChunk({ choices: [], usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 }, x_groq: { id: 'req_2' } });
    expect(standard).toMatchObject({ ok: true, value: { usage: { promptTokens: 5, completionTokens: 3, totalTokens: 8 } } });
  });

  it('reads the usage of an answer or chunk from usage, else from x_groq.usage (readUsage)', () => {
    expect(adapter.readUsage({ usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 }, x_groq: { usage: { prompt_tokens: 1, completion_tokens: 1 } } })).toEqual({
      promptTokens: 5,
      completionTokens: 3,
      totalTokens: 8,
    });
    expect(adapter.readUsage({ choices: [], x_groq: { id: 'req_1', usage: { prompt_tokens: 23, completion_tokens: 19, total_tokens: 42 } } })).toEqual({
      promptTokens: 23,
      completionTokens: 19,
      totalTokens: 42,
    });
    expect(adapter.readUsage({ x_groq: { usage: { prompt_tokens: 'many' } } })).toBeUndefined();
    expect(openAiCompatibleAdapter.readUsage({ x_groq: { usage: { prompt_tokens: 23, completion_tokens: 19 } } })).toBeUndefined();
  });

  it('serves chat models only', () => {
    expect(adapter.features.modelTypes).toEqual(['chat']);
  });

  it('maps Groq errors', () => {
    const context = { endpoint: 'chat.completions' as const, target: 'POST api.groq.com/openai/v1/chat/completions', apiKey: 'gsk_abc' };
    expect(
      adapter.mapError({ status: 401, headers: {}, text: JSON.stringify({ error: { message: 'Invalid API Key', type: 'invalid_request_error', code: 'invalid_api_key' } }) }, context),
    ).toMatchObject({ code: 'provider_credential_invalid', transient: false });
    expect(
      adapter.mapError(
        {
          status: 404,
          headers: {},
          text: JSON.stringify({ error: { message: 'The model `llama-9` does not exist or you do not have access to it.', type: 'invalid_request_error', code: 'model_not_found' } }),
        },
        context,
      ),
    ).toMatchObject({ code: 'model_not_found', transient: false });
    expect(
      adapter.mapError(
        { status: 429, headers: { 'retry-after': '7' }, text: JSON.stringify({ error: { message: 'Rate limit reached for model', type: 'tokens', code: 'rate_limit_exceeded' } }) },
        context,
      ),
    ).toMatchObject({ code: 'provider_rate_limited', transient: true, retryAfterMs: 7000 });
  });
});
