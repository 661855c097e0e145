import { normalizeBaseUrl, pricingErrors, slugifyModelKey, suggestFreeKey, MODEL_KEY_PATTERN } from './model-rules.util';

describe('model rules', () => {
  it.each([
    ['llama-3.1-8b-instant', 'llama-3.1-8b-instant'],
    ['meta-llama/Llama-3.3-70B-Instruct-Turbo', 'meta-llama-llama-3.3-70b-instruct-turbo'],
    ['accounts/fireworks/models/mixtral-8x7b', 'accounts-fireworks-models-mixtral-8x7b'],
    ['  --Weird__Name..  ', 'weird-name'],
    ['日本語', 'model'],
    ['x'.repeat(80), 'x'.repeat(64)],
  ])('slugifies %s to a valid key %s', (modelId, key) => {
    expect(slugifyModelKey(modelId)).toBe(key);
    expect(MODEL_KEY_PATTERN.test(key)).toBe(true);
  });

  it('suggests the first free numbered key within the length limit', () => {
    expect(suggestFreeKey('gpt', new Set(['gpt']))).toBe('gpt-2');
    expect(suggestFreeKey('gpt', new Set(['gpt', 'gpt-2', 'gpt-3']))).toBe('gpt-4');
    const long = 'a'.repeat(64);
    const suggestion = suggestFreeKey(long, new Set([long]));
    expect(suggestion).toHaveLength(64);
    expect(suggestion.endsWith('-2')).toBe(true);
  });

  it('refuses token prices on image models and per-image prices on token models', () => {
    expect(pricingErrors('image', { inputPerMillionTokens: 1, outputPerMillionTokens: 2, perImage: 0.1 }).map((e) => e.field)).toEqual([
      'pricing.inputPerMillionTokens',
      'pricing.outputPerMillionTokens',
    ]);
    expect(pricingErrors('chat', { perImage: 0.1 }).map((e) => e.field)).toEqual(['pricing.perImage']);
    expect(pricingErrors('embedding', { inputPerMillionTokens: 0.02 })).toEqual([]);
    expect(pricingErrors('image', { perImage: 0.04 })).toEqual([]);
    expect(pricingErrors('chat', null)).toEqual([]);
  });

  it('drops trailing slashes from base URLs', () => {
    expect(normalizeBaseUrl('https://api.example.com/v1/')).toBe('https://api.example.com/v1');
    expect(normalizeBaseUrl('https://api.example.com/')).toBe('https://api.example.com');
  });
});
