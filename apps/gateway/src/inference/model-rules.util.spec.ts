import { groqAdapter, mistralAdapter } from '@model-garden/providers';
import { resolvedModel, servingModel } from '../../test/resolved-model.fixture';
import { ServingModel } from '../catalogue/serving-model';
import { GatewayError } from '../shared/gateway.exception';
import { CHAT_COMPLETIONS, COMPLETIONS, EMBEDDINGS } from './endpoints.constant';
import { assertCapabilities, assertImageSources, assertRequestShape, assertServing, buildUpstreamRequest } from './model-rules.util';

function errorOf(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    return error as GatewayError;
  }
  throw new Error('expected an error');
}

const chat = { model: 'chat', messages: [{ role: 'user', content: 'hi' }] };

describe('model rules', () => {
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

  it('checks the fields the gateway relies on', () => {
    expect(assertRequestShape(CHAT_COMPLETIONS, { ...chat })).toBe('chat');
    expect(errorOf(() => assertRequestShape(CHAT_COMPLETIONS, { messages: [] })).param).toBe('model');
    expect(errorOf(() => assertRequestShape(CHAT_COMPLETIONS, { model: 'm', messages: [] })).param).toBe('messages');
    expect(errorOf(() => assertRequestShape(CHAT_COMPLETIONS, { ...chat, max_tokens: '100' })).param).toBe('max_tokens');
    expect(errorOf(() => assertRequestShape(EMBEDDINGS, { model: 'e', input: 'x', stream: true })).param).toBe('stream');
  });

  it('forwards the upstream model id and applies the model temperature when the request has none', () => {
    const model = servingModel({ temperature: 0.2 });
    expect(buildUpstreamRequest(CHAT_COMPLETIONS, model, { ...chat }).body).toMatchObject({ model: 'upstream-chat', temperature: 0.2 });
    expect(buildUpstreamRequest(CHAT_COMPLETIONS, model, { ...chat, temperature: 1 }).body['temperature']).toBe(1);
  });

  it('uses maxTokens as the default and the ceiling, and says so', () => {
    const model = servingModel({ maxTokens: 256 });
    const defaulted = buildUpstreamRequest(CHAT_COMPLETIONS, model, { ...chat });
    expect(defaulted.body['max_tokens']).toBe(256);
    expect(defaulted.tokenLimit).toEqual({ applied: 256 });
    const lowered = buildUpstreamRequest(CHAT_COMPLETIONS, model, { ...chat, max_completion_tokens: 1_000 });
    expect(lowered.body['max_tokens']).toBe(256);
    expect(lowered.tokenLimit).toEqual({ applied: 256, loweredFrom: 1_000 });
    expect(buildUpstreamRequest(COMPLETIONS, model, { model: 'c', prompt: 'x', max_tokens: 10 }).tokenLimit).toEqual({});
  });

  it('asks for stream usage when the adapter allows it and drops it for a client that did not ask', () => {
    const model = servingModel();
    const asked = buildUpstreamRequest(CHAT_COMPLETIONS, model, { ...chat, stream: true });
    expect(asked.body['stream_options']).toEqual({ include_usage: true });
    expect(asked).toMatchObject({ streamed: true, dropUsageChunk: true, clientWantsUsage: false, expectStreamUsage: true });
    const clientAsked = buildUpstreamRequest(CHAT_COMPLETIONS, model, { ...chat, stream: true, stream_options: { include_usage: true } });
    expect(clientAsked).toMatchObject({ dropUsageChunk: false, clientWantsUsage: true });
    const refused = buildUpstreamRequest(CHAT_COMPLETIONS, servingModel({ capabilities: { streamUsage: false } }), { ...chat, stream: true, stream_options: { include_usage: true } });
    expect(refused.body['stream_options']).toBeUndefined();
    expect(refused).toMatchObject({ expectStreamUsage: false, clientWantsUsage: false });
  });

  it('lets the provider adapter shape the request (no stream_options for Mistral, usage by default)', () => {
    const mistral = servingModel({ baseUrl: 'https://api.mistral.ai/v1' });
    expect(mistral.adapter).toBe(mistralAdapter);
    const request = buildUpstreamRequest(CHAT_COMPLETIONS, mistral, { ...chat, stream: true, seed: 3 });
    expect(request.body['stream_options']).toBeUndefined();
    expect(request.body['random_seed']).toBe(3);
    expect(request).toMatchObject({ dropUsageChunk: false, expectStreamUsage: true });
    expect(servingModel({ baseUrl: 'https://api.groq.com/openai/v1' }).adapter).toBe(groqAdapter);
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

  it('marks every upstream call with the hop header, so a gateway refuses it if it comes back', () => {
    expect(servingModel().headers['x-model-garden-hop']).toBe('1');
  });
});
