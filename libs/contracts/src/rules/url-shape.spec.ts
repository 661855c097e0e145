import { checkUrlShape } from './url-shape';

describe('URL shape', () => {
  const base = { label: 'The base URL', rejectQuery: true, rejectFragment: true };
  const message = (raw: unknown, options = base): string | null => {
    const shape = checkUrlShape(raw, options);
    return shape.ok ? null : shape.message;
  };

  it('accepts absolute http(s) URLs and names their bare host', () => {
    const shape = checkUrlShape(' https://API.Example.com./v1 ', base);
    expect(shape).toMatchObject({ ok: true, hostname: 'api.example.com' });
    expect(checkUrlShape('http://[::1]:8000/v1', base)).toMatchObject({ ok: true, hostname: '::1' });
  });

  it.each([
    ['', 'invalid_url', 'The base URL is empty. Write the full address, for example https://api.example.com/v1.'],
    [42, 'invalid_url', 'The base URL is empty. Write the full address, for example https://api.example.com/v1.'],
    ['api.groq.com/openai/v1', 'invalid_url', 'The base URL is not a valid absolute URL. Write the full address with its scheme, for example https://api.example.com/v1.'],
    ['ftp://files.example.com/v1', 'unsupported_scheme', 'The base URL uses the "ftp:" scheme. Model Garden only calls http:// and https:// endpoints.'],
    ['https://user:secret@api.example.com/v1', 'userinfo_not_allowed', expect.stringMatching(/^The base URL contains a user name or password/)],
    ['https://api.example.com/v1?', 'query_not_allowed', expect.stringMatching(/^The base URL has a query string/)],
    ['https://api.example.com/v1#frag', 'fragment_not_allowed', expect.stringMatching(/^The base URL has a fragment/)],
  ])('%j: %s', (raw, code, text) => {
    expect(checkUrlShape(raw, base)).toEqual({ ok: false, code, message: text });
  });

  it('never repeats the URL (it may carry a secret) and names it "The URL" by default', () => {
    expect(message('https://user:hunter2@api.example.com/v1')).not.toContain('hunter2');
    expect(message('ftp://x', {} as typeof base)).toMatch(/^The URL uses/);
    expect(message('https://api.example.com/v1?key=1', { label: 'The URL', rejectQuery: false, rejectFragment: false })).toBeNull();
  });
});
