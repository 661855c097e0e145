import {
  EMPTY_ALLOWLIST,
  OutboundAllowlistError,
  evaluateAddress,
  isHostnameAllowlisted,
  loadOutboundAllowlist,
  parseOutboundAllowlist,
} from './allowlist';

describe('parseOutboundAllowlist', () => {
  it('treats missing or blank values as empty', () => {
    expect(parseOutboundAllowlist(undefined)).toBe(EMPTY_ALLOWLIST);
    expect(parseOutboundAllowlist('')).toBe(EMPTY_ALLOWLIST);
    expect(parseOutboundAllowlist('  ,  ')).toMatchObject({ entries: [], networks: [] });
  });

  it('parses hostnames, IPs and CIDRs, separated by commas and whitespace', () => {
    const allowlist = parseOutboundAllowlist(' localhost, Mock.Internal.,127.0.0.0/8\n::1/128 10.1.2.3 fd00::/8 [::1]');
    expect([...allowlist.hostnames]).toEqual(['localhost', 'mock.internal']);
    expect(allowlist.networks.map((n) => [n.entry, n.version, n.prefixLength])).toEqual([
      ['127.0.0.0/8', 4, 8],
      ['::1/128', 6, 128],
      ['10.1.2.3', 4, 32],
      ['fd00::/8', 6, 8],
      ['[::1]', 6, 128],
    ]);
    expect(allowlist.entries).toHaveLength(7);
  });

  it('accepts docker-style names with underscores and single-label names', () => {
    expect([...parseOutboundAllowlist('mock_provider,vllm').hostnames]).toEqual(['mock_provider', 'vllm']);
  });

  it.each([
    ['10/8', /"10\/8" is not a valid IPv4 address or CIDR/],
    ['127.0.0.1/8', /did you mean 127\.0\.0\.0\/8\?/],
    ['fd00::1/8', /did you mean fd00::\/8\?/],
    ['10.0.0.0/33', /invalid prefix length; use 0 to 32/],
    ['::/129', /use 0 to 128/],
    ['10.0.0.0/x', /invalid prefix length/],
    ['0177.0.0.1', /would be read as 127\.0\.0\.1/],
    ['2130706433', /would be read as 127\.0\.0\.1/],
    ['0x7f.1', /non-canonical IP address; write it as 127\.0\.0\.1/],
    ['1.2.3.4.5', /not a valid IPv4 address/],
    ['999.1.1.1', /not a valid IPv4 address/],
    ['http://mock.internal', /is a URL/],
    ['mock.internal:8080', /has a port/],
    ['*.internal', /wildcard/],
    ['fe80::1%eth0', /zone id/],
    ['zz::1', /not a valid IPv6 address/],
    ['bad_host!', /not a valid hostname/],
    ['-leading.example', /not a valid hostname/],
    ['user@host', /not a hostname, IP address or CIDR/],
  ])('refuses %p and names it', (entry, message) => {
    let caught: unknown;
    try {
      parseOutboundAllowlist(`localhost, ${entry}`);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OutboundAllowlistError);
    const error = caught as OutboundAllowlistError;
    expect(error.entry).toBe(entry);
    expect(error.message).toContain(`OUTBOUND_ALLOWLIST entry "${entry}"`);
    expect(error.message).toMatch(message);
  });

  it('reads OUTBOUND_ALLOWLIST from an environment', () => {
    expect([...loadOutboundAllowlist({ OUTBOUND_ALLOWLIST: 'mock.internal' }).hostnames]).toEqual(['mock.internal']);
    expect(loadOutboundAllowlist({})).toBe(EMPTY_ALLOWLIST);
  });
});

describe('isHostnameAllowlisted', () => {
  const allowlist = parseOutboundAllowlist('mock.internal');
  it('ignores case and a trailing dot, nothing else', () => {
    expect(isHostnameAllowlisted(allowlist, 'MOCK.internal.')).toBe(true);
    expect(isHostnameAllowlisted(allowlist, 'a.mock.internal')).toBe(false);
    expect(isHostnameAllowlisted(allowlist, 'mock.internal.evil.com')).toBe(false);
  });
});

describe('evaluateAddress', () => {
  it('allows public addresses with no allowlist', () => {
    expect(evaluateAddress('8.8.8.8')).toEqual({ allowed: true, address: '8.8.8.8', category: 'public', basis: 'public' });
  });

  it('refuses forbidden addresses with no allowlist, in canonical form', () => {
    expect(evaluateAddress('2130706433')).toEqual({ allowed: false, address: '127.0.0.1', category: 'loopback', valid: true });
  });

  it('refuses what is not an IP address (fail closed)', () => {
    expect(evaluateAddress('example.com')).toMatchObject({ allowed: false, valid: false });
  });

  it('opens addresses matched by IP or CIDR entries, including IPv4-mapped forms', () => {
    const allowlist = parseOutboundAllowlist('127.0.0.0/8,::1,10.0.0.5');
    expect(evaluateAddress('127.0.0.2', { allowlist })).toMatchObject({ allowed: true, basis: 'allowlisted-address', allowlistEntry: '127.0.0.0/8' });
    expect(evaluateAddress('::ffff:127.0.0.1', { allowlist })).toMatchObject({ allowed: true, allowlistEntry: '127.0.0.0/8' });
    expect(evaluateAddress('::1', { allowlist })).toMatchObject({ allowed: true, allowlistEntry: '::1' });
    expect(evaluateAddress('10.0.0.5', { allowlist })).toMatchObject({ allowed: true });
    expect(evaluateAddress('10.0.0.6', { allowlist })).toMatchObject({ allowed: false, category: 'private' });
    expect(evaluateAddress('64:ff9b::127.0.0.1', { allowlist })).toMatchObject({ allowed: false });
  });

  it('opens any address reached through an allowlisted hostname, and only through it', () => {
    const allowlist = parseOutboundAllowlist('mock.internal');
    expect(evaluateAddress('10.9.8.7', { allowlist, hostname: 'mock.internal' })).toMatchObject({
      allowed: true,
      basis: 'allowlisted-hostname',
      allowlistEntry: 'mock.internal',
    });
    expect(evaluateAddress('10.9.8.7', { allowlist, hostname: 'other.internal' })).toMatchObject({ allowed: false });
    expect(evaluateAddress('10.9.8.7', { allowlist })).toMatchObject({ allowed: false });
  });

  it('opens metadata addresses only with an exact entry', () => {
    const wide = parseOutboundAllowlist('0.0.0.0/0,169.254.0.0/16,::/0,metadata.internal');
    expect(evaluateAddress('169.254.169.254', { allowlist: wide })).toMatchObject({ allowed: false, category: 'metadata' });
    expect(evaluateAddress('fd00:ec2::254', { allowlist: wide })).toMatchObject({ allowed: false, category: 'metadata' });
    expect(evaluateAddress('169.254.169.254', { allowlist: wide, hostname: 'metadata.internal' })).toMatchObject({ allowed: false });
    expect(evaluateAddress('169.254.1.1', { allowlist: wide })).toMatchObject({ allowed: true });

    const exact = parseOutboundAllowlist('169.254.169.254/32,fd00:ec2::254');
    expect(evaluateAddress('169.254.169.254', { allowlist: exact })).toMatchObject({ allowed: true, category: 'metadata' });
    expect(evaluateAddress('::ffff:169.254.169.254', { allowlist: exact })).toMatchObject({ allowed: true });
    expect(evaluateAddress('fd00:ec2::254', { allowlist: exact })).toMatchObject({ allowed: true });
  });
});
