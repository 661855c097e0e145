import { parseOutboundAllowlist } from './allowlist';
import { createPlatformEndpoints } from './platform-endpoints';
import { HostResolver, ResolvedAddress } from './resolver';
import { checkOutboundUrl, validateOutboundUrl } from './outbound-url';

const POLICY = 'Model Garden does not call private, loopback or link-local addresses unless OUTBOUND_ALLOWLIST names them.';

function fakeResolver(table: Record<string, string[]>): HostResolver & { calls: string[] } {
  const calls: string[] = [];
  const resolver = async (hostname: string): Promise<ResolvedAddress[]> => {
    calls.push(hostname);
    const answers = table[hostname.toLowerCase()];
    if (!answers) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolver, { calls });
}

describe('validateOutboundUrl', () => {
  it('accepts public http(s) URLs and normalizes them', () => {
    const result = validateOutboundUrl('  HTTPS://API.Example.COM:443/v1  ');
    expect(result).toMatchObject({ ok: true, href: 'https://api.example.com/v1', hostname: 'api.example.com' });
  });

  it('normalizes and accepts public IP literals', () => {
    expect(validateOutboundUrl('http://134744072/v1')).toMatchObject({ ok: true, href: 'http://8.8.8.8/v1', ipLiteral: '8.8.8.8' });
  });

  it.each(['', '   ', 'not a url', 'api.example.com/v1', '/v1/chat', 'http://', 'http://[::1'])('refuses %p as invalid_url', (raw) => {
    const result = validateOutboundUrl(raw, { label: 'The base URL' });
    expect(result).toMatchObject({ ok: false, code: 'invalid_url' });
    if (!result.ok) expect(result.message).toMatch(/^The base URL is (empty|not a valid absolute URL)/);
  });

  it.each(['file:///etc/passwd', 'gopher://127.0.0.1:6379/_INFO', 'ftp://example.com/', 'ws://example.com', 'data:text/plain,hi', 'javascript:alert(1)', 'dict://localhost:11211/'])(
    'refuses %p as unsupported_scheme',
    (raw) => {
      const result = validateOutboundUrl(raw);
      expect(result).toMatchObject({ ok: false, code: 'unsupported_scheme' });
      if (!result.ok) expect(result.message).toContain('Model Garden only calls http:// and https:// endpoints.');
    },
  );

  it.each(['http://user:pass@api.example.com/', 'http://user@api.example.com/', 'http://:secret@api.example.com', 'http://evil.com@127.0.0.1/', 'https://api.example.com:443@evil.com/'])(
    'refuses userinfo in %p without repeating it',
    (raw) => {
      const result = validateOutboundUrl(raw);
      expect(result).toMatchObject({ ok: false, code: 'userinfo_not_allowed' });
      if (!result.ok) {
        expect(result.message).not.toMatch(/user:pass|:secret|evil\.com|:443@/);
        expect(result.message).toContain('Authorization header');
      }
    },
  );

  it('sees the real host behind "#@" and "?@" tricks', () => {
    expect(validateOutboundUrl('http://127.0.0.1#@evil.com')).toMatchObject({ ok: false, code: 'forbidden_address', address: '127.0.0.1' });
    expect(validateOutboundUrl('http://127.0.0.1?@evil.com')).toMatchObject({ ok: false, code: 'forbidden_address', address: '127.0.0.1' });
    expect(validateOutboundUrl('http://127.0.0.1#@evil.com', { rejectFragment: true })).toMatchObject({ code: 'fragment_not_allowed' });
    // A backslash ends the authority (WHATWG, as fetch and undici parse it): the host is evil.com.
    expect(validateOutboundUrl('http://evil.com\\@127.0.0.1/')).toMatchObject({ ok: true, hostname: 'evil.com' });
  });

  it('refuses query and fragment only when asked', () => {
    expect(validateOutboundUrl('https://api.example.com/v1?key=abc#x')).toMatchObject({ ok: true });
    const query = validateOutboundUrl('https://api.example.com/v1?key=abc', { rejectQuery: true, label: 'The base URL' });
    expect(query).toMatchObject({ ok: false, code: 'query_not_allowed' });
    if (!query.ok) expect(query.message).not.toContain('abc');
    expect(validateOutboundUrl('https://api.example.com/v1?', { rejectQuery: true })).toMatchObject({ code: 'query_not_allowed' });
    expect(validateOutboundUrl('https://api.example.com/v1#', { rejectFragment: true })).toMatchObject({ code: 'fragment_not_allowed' });
    expect(validateOutboundUrl('https://api.example.com/v1/#frag', { rejectQuery: true })).toMatchObject({ ok: true });
    expect(validateOutboundUrl('https://api.example.com/a%3Fb%23c', { rejectQuery: true, rejectFragment: true })).toMatchObject({ ok: true });
  });

  it.each([
    ['http://127.0.0.1:8000/v1', '127.0.0.1', 'loopback'],
    ['http://127.0.0.2/', '127.0.0.2', 'loopback'],
    ['http://[::1]:8000/', '::1', 'loopback'],
    ['http://0.0.0.0:8000/', '0.0.0.0', 'unspecified'],
    ['http://0/', '0.0.0.0', 'unspecified'],
    ['http://2130706433/', '127.0.0.1', 'loopback'],
    ['http://0x7f000001/', '127.0.0.1', 'loopback'],
    ['http://0177.0.0.1/', '127.0.0.1', 'loopback'],
    ['http://0x7f.0.0.1/', '127.0.0.1', 'loopback'],
    ['http://127.1/', '127.0.0.1', 'loopback'],
    ['http://127.0.0.1./', '127.0.0.1', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', '::ffff:127.0.0.1', 'loopback'],
    ['http://[::ffff:7f00:1]/', '::ffff:127.0.0.1', 'loopback'],
    ['http://10.0.0.5/', '10.0.0.5', 'private'],
    ['http://192.168.0.10/', '192.168.0.10', 'private'],
    ['http://[fd12::1]/', 'fd12::1', 'private'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254', 'metadata'],
    ['http://[fd00:ec2::254]/', 'fd00:ec2::254', 'metadata'],
    ['http://[fe80::1]/', 'fe80::1', 'link-local'],
    ['http://100.64.0.1/', '100.64.0.1', 'cgnat'],
    ['http://localhost:8000/', 'localhost', 'loopback'],
    ['http://LOCALHOST./', 'localhost', 'loopback'],
    ['http://api.localhost/', 'api.localhost', 'loopback'],
    ['http://metadata.google.internal/computeMetadata/v1/', 'metadata.google.internal', 'metadata'],
  ])('refuses %s (%s, %s) without DNS', (raw, address, category) => {
    expect(validateOutboundUrl(raw)).toMatchObject({ ok: false, code: 'forbidden_address', address, category });
  });

  it('explains a private literal in words a person can act on', () => {
    const result = validateOutboundUrl('http://10.0.0.5/v1', { label: 'The base URL' });
    expect(result).toEqual({
      ok: false,
      code: 'forbidden_address',
      address: '10.0.0.5',
      category: 'private',
      message: `The base URL points to 10.0.0.5, a private address. ${POLICY}`,
    });
  });

  it('explains metadata refusals with the exact-address rule', () => {
    const result = validateOutboundUrl('http://169.254.169.254/');
    if (result.ok) throw new Error('expected a failure');
    expect(result.message).toBe(
      'The URL points to 169.254.169.254, a cloud metadata service address. Model Garden never calls cloud metadata services unless OUTBOUND_ALLOWLIST names that exact address.',
    );
  });

  it('lets the allowlist open literals and names', () => {
    const allowlist = parseOutboundAllowlist('127.0.0.0/8:*,localhost:*,[::1]:*');
    expect(validateOutboundUrl('http://127.0.0.1:8000/v1', { allowlist })).toMatchObject({ ok: true, ipLiteral: '127.0.0.1' });
    expect(validateOutboundUrl('http://2130706433/', { allowlist })).toMatchObject({ ok: true, href: 'http://127.0.0.1/' });
    expect(validateOutboundUrl('http://localhost:8000/', { allowlist })).toMatchObject({ ok: true });
    expect(validateOutboundUrl('http://[::1]/', { allowlist })).toMatchObject({ ok: true });
    expect(validateOutboundUrl('http://10.0.0.1/', { allowlist })).toMatchObject({ ok: false });
  });

  it('passes hostnames that need DNS to decide', () => {
    expect(validateOutboundUrl('http://internal.corp.example/')).toMatchObject({ ok: true, hostname: 'internal.corp.example' });
  });
});

describe('checkOutboundUrl', () => {
  it('resolves all records and passes when every one is public', async () => {
    const resolver = fakeResolver({ 'api.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'] });
    const result = await checkOutboundUrl('https://api.example.com/v1', { resolver });
    expect(result).toMatchObject({
      ok: true,
      addresses: [
        { address: '93.184.215.14', family: 4, category: 'public', basis: 'public' },
        { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6, category: 'public', basis: 'public' },
      ],
    });
    expect(resolver.calls).toEqual(['api.example.com']);
  });

  it('fails when any record is forbidden, saying what kind of address but not which', async () => {
    const resolver = fakeResolver({ 'internal.example.com': ['93.184.215.14', '10.0.0.5'] });
    const result = await checkOutboundUrl('https://internal.example.com/v1', { resolver, label: 'The base URL' });
    expect(result).toEqual({
      ok: false,
      code: 'forbidden_address',
      address: '10.0.0.5',
      category: 'private',
      message: `The base URL's host internal.example.com resolves to a private address. ${POLICY}`,
    });
    expect(result.ok ? '' : result.message).not.toContain('10.0.0.5');
  });

  it('opens an allowlisted host only on the port its entry names (the URL\'s, or its scheme\'s default)', async () => {
    const resolver = fakeResolver({ 'mock.internal': ['10.1.2.3'] });
    const allowlist = parseOutboundAllowlist('mock.internal:8080,10.9.9.9:443');
    expect(await checkOutboundUrl('http://mock.internal:8080/v1', { resolver, allowlist })).toMatchObject({ ok: true });
    expect(await checkOutboundUrl('http://mock.internal:6379/v1', { resolver, allowlist })).toMatchObject({ ok: false, code: 'forbidden_address', category: 'private' });
    expect(await checkOutboundUrl('http://mock.internal/v1', { resolver, allowlist })).toMatchObject({ ok: false, code: 'forbidden_address' });
    expect(validateOutboundUrl('https://10.9.9.9/v1', { allowlist })).toMatchObject({ ok: true });
    expect(validateOutboundUrl('http://10.9.9.9/v1', { allowlist })).toMatchObject({ ok: false, code: 'forbidden_address' });
  });

  it('refuses the platform\'s own endpoints even when the allowlist opens them, by address, by name, and by another name for them', async () => {
    const resolver = fakeResolver({ 'alias.test': ['10.0.0.7'], kafka: ['10.0.0.7'], localhost: ['127.0.0.1'] });
    const allowlist = parseOutboundAllowlist('127.0.0.1:*,alias.test:*,localhost:*');
    const platform = createPlatformEndpoints({ localPorts: [3002], endpoints: ['kafka:9092'] });
    const gateway = validateOutboundUrl('http://127.0.0.1:3002/v1', { allowlist, platform, label: 'The base URL' });
    expect(gateway).toMatchObject({ ok: false, code: 'forbidden_address' });
    expect(gateway.ok ? '' : gateway.message).toMatch(/^The base URL points to 127\.0\.0\.1, an endpoint of Model Garden itself\./);
    expect(await checkOutboundUrl('http://localhost:3002/v1', { resolver, allowlist, platform })).toMatchObject({ ok: false, code: 'forbidden_address' });
    const kafka = await checkOutboundUrl('http://alias.test:9092/', { resolver, allowlist, platform, label: 'The base URL' });
    expect(kafka).toMatchObject({ ok: false, code: 'forbidden_address', address: '10.0.0.7' });
    expect(kafka.ok ? '' : kafka.message).toBe(
      "The base URL's host alias.test resolves to an endpoint of Model Garden itself. Model Garden never calls its own services or infrastructure: a model's base URL cannot point at the platform itself.",
    );
    expect(await checkOutboundUrl('http://alias.test:9093/', { resolver, allowlist, platform })).toMatchObject({ ok: true });
    expect(await checkOutboundUrl('http://127.0.0.1:3003/v1', { resolver, allowlist, platform })).toMatchObject({ ok: true });
  });

  it('catches IPv4-mapped and metadata answers', async () => {
    const resolver = fakeResolver({ 'a.test': ['::ffff:127.0.0.1'], 'b.test': ['fd00:ec2::254'] });
    expect(await checkOutboundUrl('http://a.test/', { resolver })).toMatchObject({ code: 'forbidden_address', category: 'loopback' });
    expect(await checkOutboundUrl('http://b.test/', { resolver })).toMatchObject({ code: 'forbidden_address', category: 'metadata' });
  });

  it('allows what an allowlisted hostname resolves to', async () => {
    const resolver = fakeResolver({ 'mock.internal': ['10.1.2.3'] });
    const allowlist = parseOutboundAllowlist('mock.internal:*');
    expect(await checkOutboundUrl('http://mock.internal:8080/v1', { resolver, allowlist })).toMatchObject({
      ok: true,
      addresses: [{ address: '10.1.2.3', basis: 'allowlisted-hostname' }],
    });
  });

  it('checks literals without calling the resolver', async () => {
    const resolver = fakeResolver({});
    expect(await checkOutboundUrl('http://0x7f000001/', { resolver })).toMatchObject({ code: 'forbidden_address', address: '127.0.0.1' });
    expect(await checkOutboundUrl('http://8.8.8.8/', { resolver })).toMatchObject({ ok: true, addresses: [{ address: '8.8.8.8' }] });
    expect(resolver.calls).toEqual([]);
  });

  it('reports unresolvable hosts with the resolver code', async () => {
    const result = await checkOutboundUrl('https://no-such-host.example/v1', { resolver: fakeResolver({}), label: 'The base URL' });
    expect(result).toEqual({
      ok: false,
      code: 'unresolvable_host',
      resolutionError: 'ENOTFOUND',
      message:
        "The base URL's host no-such-host.example could not be resolved (ENOTFOUND). Check the spelling of the host, and that its DNS records exist and are reachable from Model Garden.",
    });
  });

  it('treats an empty answer as unresolvable and times out slow resolvers', async () => {
    expect(await checkOutboundUrl('http://empty.test/', { resolver: fakeResolver({ 'empty.test': [] }) })).toMatchObject({
      code: 'unresolvable_host',
      resolutionError: 'ENOTFOUND',
    });
    const slow: HostResolver = () => new Promise(() => undefined);
    expect(await checkOutboundUrl('http://slow.test/', { resolver: slow, dnsTimeoutMs: 20 })).toMatchObject({
      code: 'unresolvable_host',
      resolutionError: 'ETIMEOUT',
    });
  });

  it('stops at the syntax checks before any DNS', async () => {
    const resolver = fakeResolver({});
    expect(await checkOutboundUrl('gopher://example.com/', { resolver })).toMatchObject({ code: 'unsupported_scheme' });
    expect(resolver.calls).toEqual([]);
  });
});
