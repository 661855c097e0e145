import { resolvedModel, servingModel } from '../../test/resolved-model.fixture';
import { ServingModel } from '../catalogue/serving-model';
import { GatewayError } from '../shared/gateway.exception';
import { CHAT_COMPLETIONS, EMBEDDINGS } from './endpoints.constant';
import { assertCapabilities, assertImageSources, assertModelServes, assertRequestShape, assertServing } from './request-rules.util';

function errorOf(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    return error as GatewayError;
  }
  throw new Error('expected an error');
}

const chat = { model: 'chat', messages: [{ role: 'user', content: 'hi' }] };

describe('request rules', () => {
  it('checks the fields the gateway relies on', () => {
    expect(assertRequestShape(CHAT_COMPLETIONS, { ...chat })).toBe('chat');
    expect(errorOf(() => assertRequestShape(CHAT_COMPLETIONS, { messages: [] })).param).toBe('model');
    expect(errorOf(() => assertRequestShape(CHAT_COMPLETIONS, { model: 'm', messages: [] })).param).toBe('messages');
    expect(errorOf(() => assertRequestShape(CHAT_COMPLETIONS, { ...chat, max_tokens: '100' })).param).toBe('max_tokens');
    expect(errorOf(() => assertRequestShape(EMBEDDINGS, { model: 'e', input: 'x', stream: true })).param).toBe('stream');
  });

  it('serves active and degraded models only: 409 while validating, 422 when failed or unavailable', () => {
    expect(() => assertServing(servingModel({ status: 'active' }), 'chat')).not.toThrow();
    expect(() => assertServing(servingModel({ status: 'degraded' }), 'chat')).not.toThrow();
    expect(errorOf(() => assertServing(servingModel({ status: 'validating' }), 'chat'))).toMatchObject({ status: 409, code: 'model_not_ready' });
    const failed = errorOf(() => assertServing(servingModel({ status: 'failed', statusMessage: 'The API key was rejected (401).' }), 'chat'));
    expect(failed).toMatchObject({ status: 422, code: 'model_failed' });
    expect(failed.message).toContain('The API key was rejected (401).');
    expect(errorOf(() => assertServing(servingModel({ status: 'unavailable' }), 'x'))).toMatchObject({ status: 422, code: 'model_unavailable' });
  });

  it('refuses an endpoint of another type, and capabilities validation found missing', () => {
    expect(errorOf(() => assertCapabilities(EMBEDDINGS, servingModel(), { input: 'x' }, 'chat'))).toMatchObject({ status: 400, param: 'model' });
    const none = servingModel({ capabilities: { functionCalling: false, structuredOutput: false, vision: false, streaming: false } });
    expect(errorOf(() => assertCapabilities(CHAT_COMPLETIONS, none, { ...chat, tools: [{ type: 'function' }] }, 'chat')).param).toBe('tools');
    expect(errorOf(() => assertCapabilities(CHAT_COMPLETIONS, none, { ...chat, response_format: { type: 'json_schema' } }, 'chat')).param).toBe('response_format');
    expect(errorOf(() => assertCapabilities(CHAT_COMPLETIONS, none, { ...chat, stream: true }, 'chat')).param).toBe('stream');
    const vision = { model: 'chat', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }] }] };
    expect(errorOf(() => assertCapabilities(CHAT_COMPLETIONS, none, vision, 'chat')).param).toBe('messages');
    // Untested capabilities are not refused.
    expect(() => assertCapabilities(CHAT_COMPLETIONS, servingModel(), { ...vision, tools: [{}], stream: true }, 'chat')).not.toThrow();
  });

  it('refuses image URLs the upstream would fetch for a model that takes only data: images, naming the part', () => {
    const body = (url: string): Record<string, unknown> => ({
      model: 'chat',
      messages: [{ role: 'user', content: 'look' }, { role: 'user', content: [{ type: 'text', text: 'this' }, { type: 'image_url', image_url: { url } }] }],
    });
    const strict = new ServingModel(resolvedModel({ capabilities: { vision: true } }), { dataImagesOnly: true });
    expect(errorOf(() => assertImageSources(CHAT_COMPLETIONS, strict, body('https://example.com/cat.png'), 'chat'))).toMatchObject({
      status: 400,
      code: 'image_url_not_allowed',
      param: 'messages[1].content[1].image_url.url',
    });
    expect(() => assertImageSources(CHAT_COMPLETIONS, strict, body('data:image/png;base64,iVBORw0KGgo='), 'chat')).not.toThrow();
    expect(() => assertImageSources(CHAT_COMPLETIONS, servingModel(), body('https://example.com/cat.png'), 'chat')).not.toThrow();
  });

  it('runs every check of a model in one call (primary and fallbacks alike)', () => {
    expect(() => assertModelServes(CHAT_COMPLETIONS, servingModel(), { ...chat }, 'chat')).not.toThrow();
    expect(errorOf(() => assertModelServes(CHAT_COMPLETIONS, servingModel({ status: 'validating' }), { ...chat }, 'chat'))).toMatchObject({ status: 409 });
    expect(errorOf(() => assertModelServes(EMBEDDINGS, servingModel(), { input: 'x' }, 'chat'))).toMatchObject({ status: 400, param: 'model' });
    const strict = new ServingModel(resolvedModel(), { dataImagesOnly: true });
    const image = { model: 'chat', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: 'https://x/y.png' }] }] };
    expect(errorOf(() => assertModelServes(CHAT_COMPLETIONS, strict, image, 'chat'))).toMatchObject({ code: 'image_url_not_allowed', param: 'messages[0].content[0].image_url' });
  });
});
