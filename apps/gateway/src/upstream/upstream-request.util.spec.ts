import { groqAdapter, mistralAdapter } from '@model-garden/providers';
import { servingModel } from '../../test/resolved-model.fixture';
import { CHAT_COMPLETIONS, COMPLETIONS, EMBEDDINGS } from '../inference/endpoints.constant';
import { buildUpstreamRequest } from './upstream-request.util';

const chat = { model: 'chat', messages: [{ role: 'user', content: 'hi' }] };

describe('buildUpstreamRequest', () => {
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
    expect(asked).toMatchObject({ streamed: true, dropUsageChunk: true, expectStreamUsage: true });
    const clientAsked = buildUpstreamRequest(CHAT_COMPLETIONS, model, { ...chat, stream: true, stream_options: { include_usage: true } });
    expect(clientAsked.dropUsageChunk).toBe(false);
    const refused = buildUpstreamRequest(CHAT_COMPLETIONS, servingModel({ capabilities: { streamUsage: false } }), { ...chat, stream: true, stream_options: { include_usage: true } });
    expect(refused.body['stream_options']).toBeUndefined();
    expect(refused.expectStreamUsage).toBe(false);
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

  it('leaves the client body untouched and never sends stream_options without a stream', () => {
    const client = { model: 'e', input: 'x', stream_options: { include_usage: true } };
    const request = buildUpstreamRequest(EMBEDDINGS, servingModel({ type: 'embedding', temperature: 0.5, maxTokens: 10 }), client);
    expect(request.body).toEqual({ model: 'upstream-chat', input: 'x' });
    expect(client.stream_options).toEqual({ include_usage: true });
    expect(request).toMatchObject({ streamed: false, tokenLimit: {} });
  });
  it('marks every upstream call with the hop header, so a gateway refuses it if it comes back', () => {
    expect(servingModel().headers['x-model-garden-hop']).toBe('1');
  });
});
