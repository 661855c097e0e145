import { httpsVariant, keyPrefixHint, withVersionPath } from './suggestion.probe';

describe('fix suggestions', () => {
  it('adds /v1 to a base URL without a version path, and only then', () => {
    expect(withVersionPath('http://127.0.0.1:3003')).toBe('http://127.0.0.1:3003/v1');
    expect(withVersionPath('https://llm.example.com/openai/')).toBe('https://llm.example.com/openai/v1');
    expect(withVersionPath('https://api.groq.com/openai/v1')).toBeUndefined();
    expect(withVersionPath('https://generativelanguage.googleapis.com/v1beta')).toBeUndefined();
    expect(withVersionPath('not a url')).toBeUndefined();
  });

  it('turns an http base URL into its https form, keeping an explicit port', () => {
    expect(httpsVariant('http://api.example.com/v1')).toBe('https://api.example.com/v1');
    expect(httpsVariant('http://localhost:3003/v1')).toBe('https://localhost:3003/v1');
    expect(httpsVariant('http://api.example.com:80/v1')).toBe('https://api.example.com/v1');
    expect(httpsVariant('https://api.example.com/v1')).toBeUndefined();
  });

  it("hints when a key's well-known prefix belongs to another provider than the base URL's host, quoting only the prefix", () => {
    const hint = keyPrefixHint('gsk_0123456789abcdef', 'https://api.together.xyz/v1');
    expect(hint?.message).toContain('"gsk_", like Groq keys');
    expect(hint?.message).toContain('https://api.groq.com/openai/v1');
    expect(hint?.message).not.toContain('0123456789');
    expect(hint).not.toHaveProperty('field');
    expect(keyPrefixHint('gsk_0123456789abcdef', 'http://10.0.0.5:8000/v1')?.message).toContain('Groq');
    expect(keyPrefixHint('sk-proj-abc', 'https://api.groq.com/openai/v1')?.message).toContain('OpenAI');
  });

  it('says nothing when the key fits the host or has no telling prefix', () => {
    expect(keyPrefixHint('gsk_0123456789abcdef', 'https://api.groq.com/openai/v1')).toBeUndefined();
    expect(keyPrefixHint('sk-proj-abc', 'https://api.openai.com/v1')).toBeUndefined();
    expect(keyPrefixHint('sk-0123', 'https://api.groq.com/openai/v1')).toBeUndefined();
    expect(keyPrefixHint('mock-key', 'http://127.0.0.1:3003/v1')).toBeUndefined();
  });
});
