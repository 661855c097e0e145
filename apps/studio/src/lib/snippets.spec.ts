import { curlSnippet, nodeSnippet, pythonSnippet, snippet } from './snippets';

const input = { gatewayUrl: 'http://127.0.0.1:3002/v1', modelRef: 'acme@openailike/llama', type: 'chat' as const };

describe('gateway snippets', () => {
  it('calls the endpoint of the model type with the model ref, never a key', () => {
    const curl = curlSnippet(input);
    expect(curl).toContain('curl http://127.0.0.1:3002/v1/chat/completions');
    expect(curl).toContain('"model": "acme@openailike/llama"');
    expect(curl).toContain('$MODEL_GARDEN_API_KEY');
    expect(curlSnippet({ ...input, type: 'embedding' })).toContain('/v1/embeddings');
    expect(curlSnippet({ ...input, type: 'image' })).toContain('/v1/images/generations');
    expect(curlSnippet({ ...input, type: 'completion' })).toContain('/v1/completions');
  });

  it('quotes single quotes for the shell', () => {
    expect(curlSnippet({ ...input, modelRef: "it's" })).toContain(`"model": "it'\\''s"`);
  });

  it('uses the openai SDK with only baseURL and apiKey changed', () => {
    const node = nodeSnippet(input);
    expect(node).toContain(`baseURL: "http://127.0.0.1:3002/v1"`);
    expect(node).toContain('apiKey: process.env.MODEL_GARDEN_API_KEY');
    expect(node).toContain('client.chat.completions.create');
    expect(nodeSnippet({ ...input, type: 'embedding' })).toContain('client.embeddings.create');
    expect(pythonSnippet(input)).toContain('base_url="http://127.0.0.1:3002/v1"');
    expect(snippet('python', { ...input, type: 'image' })).toContain('client.images.generate');
  });
});
