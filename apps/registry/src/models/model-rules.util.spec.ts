import { normalizeBaseUrl, suggestFreeKey } from './model-rules.util';

describe('model rules', () => {
  it('suggests the first free numbered key within the length limit', () => {
    expect(suggestFreeKey('gpt', new Set(['gpt']))).toBe('gpt-2');
    expect(suggestFreeKey('gpt', new Set(['gpt', 'gpt-2', 'gpt-3']))).toBe('gpt-4');
    const long = 'a'.repeat(64);
    const suggestion = suggestFreeKey(long, new Set([long]));
    expect(suggestion).toHaveLength(64);
    expect(suggestion.endsWith('-2')).toBe(true);
  });

  it('drops trailing slashes from base URLs', () => {
    expect(normalizeBaseUrl('https://api.example.com/v1/')).toBe('https://api.example.com/v1');
    expect(normalizeBaseUrl('https://api.example.com/')).toBe('https://api.example.com');
  });
});
