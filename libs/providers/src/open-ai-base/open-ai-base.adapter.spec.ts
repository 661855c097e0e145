import { openAiCompatibleAdapter as adapter } from './open-ai-base.adapter';

const context = { endpoint: 'chat.completions' as const, target: 'POST api.example.com/v1/chat/completions', apiKey: 'sk-secret-key-123456' };
const errorOf = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  adapter.mapError({ status, headers, text: typeof body === 'string' ? body : JSON.stringify(body) }, context);

describe('OpenAI-compatible base adapter', () => {
  describe('requests', () => {
    it('joins endpoint paths to the base URL, with or without a trailing slash', () => {
      expect(adapter.url('https://api.example.com/v1', 'chat.completions')).toBe('https://api.example.com/v1/chat/completions');
      expect(adapter.url('https://api.example.com/v1/', 'models')).toBe('https://api.example.com/v1/models');
      expect(adapter.url('http://10.0.0.5:8000/v1', 'images.generations')).toBe('http://10.0.0.5:8000/v1/images/generations');
    });

    it('sends the key as a Bearer token', () => {
      expect(adapter.headers('sk-abc')).toMatchObject({ authorization: 'Bearer sk-abc' });
    });

    it('keeps stream_options only on streamed requests, and writes the limit as max_tokens', () => {
      const streamed = adapter.shapeChatRequest({
        model: 'm',
        messages: [{ role: 'user', content: 'hi' }],
        max_completion_tokens: 16,
        stream: true,
        stream_options: { include_usage: true },
      });
      expect(streamed).toEqual({ model: 'm', messages: [{ role: 'user', content: 'hi' }], max_tokens: 16, stream: true, stream_options: { include_usage: true } });
      const plain = adapter.shapeChatRequest({ model: 'm', messages: [], stream_options: { include_usage: true } });
      expect(plain).not.toHaveProperty('stream_options');
    });

    it('passes unknown fields and image requests through untouched', () => {
      expect(adapter.shapeChatRequest({ model: 'm', messages: [], top_k: 3 })).toMatchObject({ top_k: 3 });
      expect(adapter.shapeImageRequest({ model: 'i', prompt: 'p', size: '256x256', response_format: 'b64_json' })).toEqual({
        model: 'i',
        prompt: 'p',
        size: '256x256',
        response_format: 'b64_json',
      });
    });

    it('asks for the smallest output budgets', () => {
      expect(adapter.probeMaxTokens('m', 'chat')).toBe(16);
      expect(adapter.probeMaxTokens('m', 'chat.tools')).toBe(64);
    });
  });

  describe('responses', () => {
    it('reads a chat completion with a tool call and usage', () => {
      const parsed = adapter.parseChatCompletion({
        id: 'chatcmpl-1',
        object: 'chat.completion',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
            finish_reason: 'tool_calls',
          },
        ],
        usage: { prompt_tokens: 50, completion_tokens: 9, total_tokens: 59 },
      });
      expect(parsed).toEqual({
        ok: true,
        value: {
          text: '',
          toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
          finishReason: 'tool_calls',
          usage: { promptTokens: 50, completionTokens: 9, totalTokens: 59 },
        },
      });
    });

    it('refuses a body without choices', () => {
      expect(adapter.parseChatCompletion({ object: 'list' })).toEqual({ ok: false, reason: 'the answer has no "choices[0]"' });
    });

    it('reads stream chunks: deltas, tool call fragments, and the usage-only last chunk', () => {
      expect(adapter.parseChatStreamChunk({ choices: [{ index: 0, delta: { content: 'Hel' }, finish_reason: null }], usage: null })).toEqual({
        ok: true,
        value: { textDelta: 'Hel', toolCallDeltas: [], finishReason: undefined, usage: undefined },
      });
      expect(
        adapter.parseChatStreamChunk({ choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'c', function: { name: 'f', arguments: '{"a' } }] } }] }),
      ).toMatchObject({ ok: true, value: { toolCallDeltas: [{ index: 0, id: 'c', name: 'f', argumentsDelta: '{"a' }] } });
      expect(adapter.parseChatStreamChunk({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } })).toMatchObject({
        ok: true,
        value: { usage: { promptTokens: 3, completionTokens: 2, totalTokens: 5 } },
      });
    });

    it('reads embeddings as floats or as base64 float32', () => {
      const floats = Buffer.alloc(8);
      floats.writeFloatLE(0.5, 0);
      floats.writeFloatLE(-1, 4);
      expect(adapter.parseEmbeddings({ data: [{ embedding: [0.1, 0.2, 0.3] }] })).toMatchObject({ ok: true, value: { vectors: [[0.1, 0.2, 0.3]] } });
      expect(adapter.parseEmbeddings({ data: [{ embedding: floats.toString('base64') }] })).toMatchObject({ ok: true, value: { vectors: [[0.5, -1]] } });
      expect(adapter.parseEmbeddings({ data: [{ embedding: [] }] })).toMatchObject({ ok: false });
    });

    it('reads images, model lists (OpenAI shape or bare array) and legacy completions', () => {
      expect(adapter.parseImages({ created: 1, data: [{ b64_json: 'iVBORw0KGgo=' }] })).toEqual({ ok: true, value: { images: [{ b64: 'iVBORw0KGgo=', url: undefined }] } });
      expect(adapter.parseImages({ data: [{}] })).toMatchObject({ ok: false });
      expect(adapter.parseModelList({ object: 'list', data: [{ id: 'a', object: 'model' }, { id: 'b' }] })).toEqual({ ok: true, value: ['a', 'b'] });
      expect(adapter.parseModelList([{ id: 'a' }])).toEqual({ ok: true, value: ['a'] });
      expect(adapter.parseCompletion({ choices: [{ text: ' ok', finish_reason: 'stop' }] })).toMatchObject({ ok: true, value: { text: ' ok', finishReason: 'stop' } });
    });
  });

  describe('errors', () => {
    it('maps 401 and 403 to a rejected credential, permanently, with what to do', () => {
      const failure = errorOf(401, { error: { message: 'Incorrect API key provided: sk-secret-key-123456.', type: 'invalid_request_error', code: 'invalid_api_key' } });
      expect(failure).toMatchObject({ code: 'provider_credential_invalid', transient: false, httpStatus: 401, providerCode: 'invalid_api_key' });
      expect(failure.message).toContain('The API key was rejected (401). Check the key, or whether it belongs to this base URL.');
      expect(failure.message).not.toContain('sk-secret-key-123456');
      expect(errorOf(403, 'Forbidden')).toMatchObject({ code: 'provider_credential_invalid', transient: false });
    });

    it('maps a missing model to model_not_found, and a missing endpoint to a permanent provider error', () => {
      expect(errorOf(404, { error: { message: 'The model `gpt-9` does not exist', code: 'model_not_found' } })).toMatchObject({ code: 'model_not_found', transient: false });
      expect(errorOf(404, { detail: 'Model llama-9 not found' })).toMatchObject({ code: 'model_not_found' });
      expect(errorOf(404, { error: { message: 'Invalid URL (POST /v1/chat/completions)' } })).toMatchObject({ code: 'provider_error', transient: false });
    });

    it('maps 429 to a transient rate limit honouring Retry-After, except an exhausted quota', () => {
      expect(errorOf(429, { error: { message: 'Rate limit reached' } }, { 'retry-after': '3' })).toMatchObject({ code: 'provider_rate_limited', transient: true, retryAfterMs: 3000 });
      expect(errorOf(429, {}, { 'retry-after-ms': '1500', 'retry-after': '9' })).toMatchObject({ retryAfterMs: 1500 });
      const later = new Date(Date.now() + 5_000).toUTCString();
      expect(errorOf(429, {}, { 'retry-after': later }).retryAfterMs).toBeGreaterThan(3_000);
      expect(errorOf(429, { error: { message: 'You exceeded your current quota', code: 'insufficient_quota' } })).toMatchObject({
        code: 'provider_rate_limited',
        transient: false,
      });
    });

    it('maps 5xx and timeouts upstream to transient failures', () => {
      expect(errorOf(503, '<html>Service Unavailable</html>')).toMatchObject({ code: 'provider_error', transient: true, httpStatus: 503 });
      expect(errorOf(500, { error: { message: 'boom', type: 'server_error' } })).toMatchObject({ code: 'provider_error', transient: true });
      expect(errorOf(504, '')).toMatchObject({ code: 'provider_timeout', transient: true });
    });

    it('refuses a redirect and never shows its query', () => {
      const failure = errorOf(302, '', { location: 'https://login.example.com/sso?token=abc' });
      expect(failure).toMatchObject({ code: 'provider_redirect', transient: false, location: 'https://login.example.com/sso' });
      expect(failure.message).not.toContain('token=abc');
    });

    it('keeps other 4xx permanent, quoting the provider and the blamed parameter', () => {
      const failure = errorOf(400, { error: { message: "Unsupported parameter: 'tools'", type: 'invalid_request_error', param: 'tools', code: 'unsupported_parameter' } });
      expect(failure).toMatchObject({ code: 'provider_error', transient: false, param: 'tools', providerCode: 'unsupported_parameter' });
      expect(failure.message).toContain(`The provider said: "Unsupported parameter: 'tools'"`);
      expect(errorOf(422, { detail: [{ loc: ['body', 'messages'], msg: 'field required' }] }).message).toContain('body.messages: field required');
    });
  });
});
