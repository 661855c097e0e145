import { adapterForBaseUrl } from '../adapters';
import { togetherAdapter as adapter } from './index';

/** Fixtures follow docs.together.ai (OpenAI compatibility, images reference) and Together's answers. */
describe('Together AI adapter', () => {
  const context = { endpoint: 'images.generations' as const, target: 'POST api.together.xyz/v1/images/generations', apiKey: 'tgp_v1_secret' };

  it('serves api.together.xyz and api.together.ai', () => {
    expect(adapterForBaseUrl('https://api.together.xyz/v1').id).toBe('together');
    expect(adapterForBaseUrl('https://api.together.ai/v1').id).toBe('together');
  });

  it('asks for an image in width and height, as base64', () => {
    expect(adapter.shapeImageRequest({ model: 'black-forest-labs/FLUX.1-schnell', prompt: 'a red square', n: 1, size: '256x256', response_format: 'b64_json' })).toEqual({
      model: 'black-forest-labs/FLUX.1-schnell',
      prompt: 'a red square',
      n: 1,
      width: 256,
      height: 256,
      response_format: 'base64',
    });
  });

  it('reads its image answer and its bare-array model list', () => {
    expect(adapter.parseImages({ id: 'img-1', model: 'black-forest-labs/FLUX.1-schnell', object: 'list', data: [{ index: 0, b64_json: 'iVBORw0KGgo=', type: 'b64_json' }] })).toEqual({
      ok: true,
      value: { images: [{ b64: 'iVBORw0KGgo=', url: undefined }] },
    });
    expect(adapter.parseModelList([{ id: 'meta-llama/Llama-3.3-70B-Instruct-Turbo', object: 'model', type: 'chat' }])).toEqual({
      ok: true,
      value: ['meta-llama/Llama-3.3-70B-Instruct-Turbo'],
    });
  });

  it('keeps chat requests standard, stream_options included', () => {
    const shaped = adapter.shapeChatRequest({ model: 'm', messages: [], max_tokens: 16, stream: true, stream_options: { include_usage: true } });
    expect(shaped).toEqual({ model: 'm', messages: [], max_tokens: 16, stream: true, stream_options: { include_usage: true } });
  });

  it('maps a model that needs a dedicated endpoint, and a stopped endpoint, to permanent failures', () => {
    const unavailable = adapter.mapError(
      {
        status: 400,
        headers: {},
        text: JSON.stringify({
          id: 'okkMWqL',
          error: { message: 'Unable to access non-serverless model mistralai/Mixtral-8x7B-Instruct-v0.1.', type: 'invalid_request_error', param: null, code: 'model_not_available' },
        }),
      },
      context,
    );
    expect(unavailable).toMatchObject({ code: 'model_not_found', transient: false });
    expect(unavailable.message).toContain('dedicated endpoint');
    const stopped = adapter.mapError(
      { status: 400, headers: {}, text: JSON.stringify({ error: { message: 'The dedicated endpoint is not running.', type: 'invalid_request_error', code: 'dedicated_endpoint_not_running' } }) },
      context,
    );
    expect(stopped).toMatchObject({ code: 'provider_error', transient: false });
    expect(
      adapter.mapError({ status: 404, headers: {}, text: JSON.stringify({ error: { message: 'Unable to access model x.', type: 'invalid_request_error', code: 'model_not_found' } }) }, context),
    ).toMatchObject({ code: 'model_not_found' });
  });
});
