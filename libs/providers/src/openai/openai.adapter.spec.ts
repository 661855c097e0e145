import { adapterForBaseUrl } from '../adapters';
import { openAiAdapter as adapter } from './index';

/** Fixtures follow platform.openai.com/docs/api-reference (chat/create, images/create). */
describe('OpenAI adapter', () => {
  it('serves api.openai.com', () => {
    expect(adapterForBaseUrl('https://api.openai.com/v1').id).toBe('openai');
  });

  it('writes the output limit as max_completion_tokens', () => {
    expect(adapter.shapeChatRequest({ model: 'gpt-4o-mini', messages: [], max_tokens: 16, temperature: 0 })).toEqual({
      model: 'gpt-4o-mini',
      messages: [],
      max_completion_tokens: 16,
      temperature: 0,
    });
  });

  it('gives reasoning models room to think and drops temperature for them', () => {
    expect(adapter.shapeChatRequest({ model: 'o3-mini', messages: [], max_tokens: 16, temperature: 0.2 })).toEqual({ model: 'o3-mini', messages: [], max_completion_tokens: 16 });
    expect(adapter.probeMaxTokens('gpt-5-mini', 'chat')).toBe(1024);
    expect(adapter.probeMaxTokens('gpt-4.1-nano', 'chat')).toBe(16);
  });

  it('shapes image requests per model family', () => {
    const base = { prompt: 'p', n: 1, size: '256x256', response_format: 'b64_json' as const };
    expect(adapter.shapeImageRequest({ model: 'gpt-image-1', ...base })).toEqual({ model: 'gpt-image-1', prompt: 'p', n: 1, size: '1024x1024', quality: 'low' });
    expect(adapter.shapeImageRequest({ model: 'dall-e-3', ...base })).toMatchObject({ size: '1024x1024', response_format: 'b64_json' });
    expect(adapter.shapeImageRequest({ model: 'dall-e-2', ...base })).toMatchObject({ size: '256x256', response_format: 'b64_json' });
  });

  it('maps an exhausted quota as permanent and a rate limit as transient', () => {
    const context = { endpoint: 'chat.completions' as const, target: 'POST api.openai.com/v1/chat/completions', apiKey: 'sk-proj-abc' };
    expect(
      adapter.mapError(
        { status: 429, headers: {}, text: JSON.stringify({ error: { message: 'You exceeded your current quota.', type: 'insufficient_quota', code: 'insufficient_quota' } }) },
        context,
      ),
    ).toMatchObject({ transient: false });
    expect(
      adapter.mapError({ status: 429, headers: { 'retry-after-ms': '250' }, text: JSON.stringify({ error: { message: 'Rate limit reached', code: 'rate_limit_exceeded' } }) }, context),
    ).toMatchObject({ transient: true, retryAfterMs: 250 });
  });
});
