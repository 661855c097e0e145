import { adapterForBaseUrl } from '../adapters';
import { mistralAdapter as adapter } from './index';

/** Fixtures follow docs.mistral.ai/api and the answers Mistral's API gives. */
describe('Mistral adapter', () => {
  const context = { endpoint: 'chat.completions' as const, target: 'POST api.mistral.ai/v1/chat/completions', apiKey: 'mistral-key-123456' };

  it('serves api.mistral.ai and codestral.mistral.ai', () => {
    expect(adapterForBaseUrl('https://api.mistral.ai/v1').id).toBe('mistral');
    expect(adapterForBaseUrl('https://codestral.mistral.ai/v1').id).toBe('mistral');
  });

  it('writes a forced tool call as "any", the seed as random_seed and the limit as max_tokens', () => {
    const shaped = adapter.shapeChatRequest({
      model: 'mistral-small-latest',
      messages: [{ role: 'user', content: 'weather?' }],
      max_completion_tokens: 64,
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
      tool_choice: 'required',
      seed: 7,
      user: 'u-1',
      logprobs: true,
    });
    expect(shaped).toEqual({
      model: 'mistral-small-latest',
      messages: [{ role: 'user', content: 'weather?' }],
      max_tokens: 64,
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
      tool_choice: 'any',
      random_seed: 7,
    });
  });

  it('never sends stream_options, since the last chunk carries usage anyway', () => {
    const shaped = adapter.shapeChatRequest({ model: 'm', messages: [], stream: true, stream_options: { include_usage: true } });
    expect(shaped).not.toHaveProperty('stream_options');
    expect(adapter.features).toMatchObject({ streamOptions: false, streamUsageByDefault: true });
    const last = adapter.parseChatStreamChunk({
      id: 'cmpl-1',
      object: 'chat.completion.chunk',
      model: 'mistral-small-latest',
      choices: [{ index: 0, delta: { content: '' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 10, total_tokens: 13, completion_tokens: 3 },
    });
    expect(last).toMatchObject({ ok: true, value: { finishReason: 'stop', usage: { promptTokens: 10, completionTokens: 3, totalTokens: 13 } } });
  });

  it('asks embeddings for output_dimension instead of dimensions', () => {
    expect(adapter.shapeEmbeddingRequest({ model: 'codestral-embed', input: 'x', dimensions: 256, encoding_format: 'float' })).toEqual({
      model: 'codestral-embed',
      input: 'x',
      output_dimension: 256,
      encoding_format: 'float',
    });
  });

  it('serves chat and embedding models only', () => {
    expect(adapter.features.modelTypes).toEqual(['chat', 'embedding']);
  });

  it('maps its flat 400 invalid_model to model_not_found', () => {
    const failure = adapter.mapError(
      { status: 400, headers: {}, text: JSON.stringify({ object: 'error', message: 'Invalid model: mistral-medium-3.5', type: 'invalid_model', param: null, code: '1500' }) },
      context,
    );
    expect(failure).toMatchObject({ code: 'model_not_found', transient: false, httpStatus: 400, providerCode: 'invalid_model' });
    expect(failure.message).toContain('Invalid model: mistral-medium-3.5');
  });

  it('maps its 401 and 422 answers', () => {
    expect(adapter.mapError({ status: 401, headers: {}, text: JSON.stringify({ message: 'Unauthorized', request_id: 'abc' }) }, context)).toMatchObject({
      code: 'provider_credential_invalid',
      transient: false,
    });
    const invalid = adapter.mapError(
      { status: 422, headers: {}, text: JSON.stringify({ object: 'error', message: { detail: [{ loc: ['body', 'tool_choice'], msg: 'Input should be auto, none, any or required' }] }, type: 'invalid_request_error' }) },
      context,
    );
    expect(invalid).toMatchObject({ code: 'provider_error', transient: false });
  });
});
