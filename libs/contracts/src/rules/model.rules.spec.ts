import { MODEL_RULES, PRICING_RULES, MODEL_KEY_PATTERN, pricingErrors, slugifyModelKey } from './model.rules';
import { checkRule, ruleSchema } from './field-rule';

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

  it('gives the registry\'s messages, one per field, the most basic rule first', () => {
    expect(checkRule(MODEL_RULES.type, 'nope')).toBe('type must be one of: chat, completion, embedding, image');
    expect(checkRule(MODEL_RULES.region, 5)).toBe('region must be one of: us, eu');
    expect(checkRule(MODEL_RULES.apiKey, ' '.repeat(1025))).toBe('apiKey must be 1 to 1024 characters');
    expect(checkRule(MODEL_RULES.apiKey, 'a b')).toBe('apiKey must not contain spaces');
    expect(checkRule(MODEL_RULES.name, 42)).toBe('name must be a string');
    expect(checkRule(MODEL_RULES.name, '  ')).toBe('name must not be blank');
    expect(checkRule(MODEL_RULES.key, 'k'.repeat(65))).toBe(checkRule(MODEL_RULES.key, '-a'));
    expect(checkRule(MODEL_RULES.description, 'd'.repeat(501))).toBe('description must be at most 500 characters');
    expect(checkRule(MODEL_RULES.maxTokens, 0.5)).toBe('maxTokens must be an integer');
    expect(checkRule(MODEL_RULES.maxTokens, 0)).toBe('maxTokens must be at least 1');
    expect(checkRule(MODEL_RULES.temperature, -1)).toBe('temperature must be between 0 and 2');
    expect(checkRule(MODEL_RULES.baseUrl, `https://example.com/${'a'.repeat(2048)}`)).toBe('baseUrl must be at most 2048 characters.');
    expect(checkRule(MODEL_RULES.baseUrl, 'https://api.example.com/v1?x=1')).toMatch(/^The base URL has a query string/);
    expect(checkRule(MODEL_RULES.baseUrl, 'https://api.example.com/v1/chat/completions')).toBe(
      'The base URL ends in the endpoint path /chat/completions, which Model Garden appends itself. Use https://api.example.com/v1 instead.',
    );
    expect(checkRule(MODEL_RULES.baseUrl, 'https://api.example.com/v1/completions/')).toMatch(/path \/completions, .* Use https:\/\/api.example.com\/v1 instead\.$/);
    expect(checkRule(MODEL_RULES.baseUrl, 'https://api.example.com/v1/embeddings')).toMatch(/Use https:\/\/api.example.com\/v1 instead/);
    expect(checkRule(MODEL_RULES.baseUrl, 'https://api.example.com/v1/images/generations')).toMatch(/\/images\/generations.*Use https:\/\/api.example.com\/v1 instead/);
    expect(checkRule(MODEL_RULES.baseUrl, 'http://127.0.0.1:3003/models')).toMatch(/Use http:\/\/127.0.0.1:3003 instead/);
    expect(checkRule(MODEL_RULES.baseUrl, 'https://api.example.com/v1/modelsx')).toBeNull();
    expect(checkRule(PRICING_RULES.perImage, '0.04')).toBe('perImage must be a number (USD per image)');
    expect(checkRule(PRICING_RULES.outputPerMillionTokens, 1.123456789)).toBe('outputPerMillionTokens must be a number (USD per million output tokens)');
    expect(checkRule(PRICING_RULES.inputPerMillionTokens, 2e6)).toBe('inputPerMillionTokens must not exceed 1000000');
  });

  it('documents the same limits in OpenAPI terms', () => {
    expect(ruleSchema(MODEL_RULES.key)).toEqual({ type: 'string', maxLength: 64, pattern: MODEL_KEY_PATTERN.source });
    expect(ruleSchema(MODEL_RULES.maxTokens)).toEqual({ type: 'integer', minimum: 1, maximum: 1_000_000 });
    expect(ruleSchema(MODEL_RULES.type)).toEqual({ type: 'string', enum: ['chat', 'completion', 'embedding', 'image'] });
    expect(ruleSchema(MODEL_RULES.baseUrl)).toEqual({ type: 'string', maxLength: 2048 });
    expect(ruleSchema(PRICING_RULES.perImage)).toEqual({ type: 'number', minimum: 0, maximum: 1_000_000 });
  });
});
