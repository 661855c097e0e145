import { apiKeyMatches, apiKeyPrefix, generateApiKey, hashApiKey, tokensEqual } from './api-key-secret.util';

describe('workspace API key secrets', () => {
  it('makes mgk_<prefix>_<secret> keys whose prefix finds them and whose hash is all that is stored', () => {
    const generated = generateApiKey();
    expect(generated.key).toMatch(/^mgk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(apiKeyPrefix(generated.key)).toBe(generated.prefix);
    expect(generated.secretHash).toBe(hashApiKey(generated.key));
    expect(generated.secretHash).not.toContain(generated.key.slice(18));
    expect(apiKeyMatches(generated.key, generated.secretHash)).toBe(true);
    expect(apiKeyMatches(`${generated.key.slice(0, -1)}x`, generated.secretHash)).toBe(false);
  });

  it('never repeats a key or a prefix', () => {
    const keys = Array.from({ length: 200 }, () => generateApiKey());
    expect(new Set(keys.map((k) => k.key)).size).toBe(200);
    expect(new Set(keys.map((k) => k.prefix)).size).toBe(200);
  });

  it.each(['', 'mgk_', 'sk-abc', 'mgk_ABCDEFGHIJKL_' + 'a'.repeat(43), 'mgk_abcdefghijkl_short', 'Bearer mgk_abcdefghijkl_' + 'a'.repeat(43)])(
    'finds no prefix in the malformed key %p (no lookup is made)',
    (key) => {
      expect(apiKeyPrefix(key)).toBeUndefined();
    },
  );

  it('compares tokens in constant time, whatever their lengths', () => {
    expect(tokensEqual('same-token-value', 'same-token-value')).toBe(true);
    expect(tokensEqual('same-token-value', 'same-token-valuf')).toBe(false);
    expect(tokensEqual('short', 'a-much-longer-token')).toBe(false);
  });
});
