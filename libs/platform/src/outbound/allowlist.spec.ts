import {
  EMPTY_ALLOWLIST,
  OutboundAllowlistError,
  evaluateAddress,
  isHostnameAllowlisted,
  loadOutboundAllowlist,
  parseOutboundAllowlist,
} from './allowlist';
import { createPlatformEndpoints } from './platform-endpoints';

describe('parseOutboundAllowlist', () => {
  it('treats missing or blank values as empty', () => {
    expect(parseOutboundAllowlist(undefined)).toBe(EMPTY_ALLOWLIST);
    expect(parseOutboundAllowlist('')).toBe(EMPTY_ALLOWLIST);
    expect(parseOutboundAllowlist('  ,  ')).toMatchObject({ entries: [], networks: [] });
  });

  it('parses host:port, address:port and cidr:port entries (IPv6 in brackets), separated by commas and whitespace', () => {
    const allowlist = parseOutboundAllowlist(' localhost:11434, Mock.Internal.:*,127.0.0.0/8:8080\n[::1/128]:* 10.1.2.3:443 [fd00::/8]:8000 [::1]:3000');
    expect([...allowlist.hostnames]).toEqual(['localhost', 'mock.internal']);
    expect(allowlist.hosts.map((h) => [h.entry, h.hostname, h.port])).toEqual([
      ['localhost:11434', 'localhost', 11434],
      ['Mock.Internal.:*', 'mock.internal', '*'],
    ]);
    expect(allowlist.networks.map((n) => [n.entry, n.version, n.prefixLength, n.port])).toEqual([
      ['127.0.0.0/8:8080', 4, 8, 8080],
      ['[::1/128]:*', 6, 128, '*'],
      ['10.1.2.3:443', 4, 32, 443],
      ['[fd00::/8]:8000', 6, 8, 8000],
      ['[::1]:3000', 6, 128, 3000],
    ]);
    expect(allowlist.entries).toHaveLength(7);
  });

  it('accepts docker-style names with underscores and single-label names', () => {
    expect([...parseOutboundAllowlist('mock_provider:8080,vllm:*').hostnames]).toEqual(['mock_provider', 'vllm']);
  });

  it.each([
    // Entries written before entries named ports: a boot error that says how to migrate.
    ['mock.internal', /names no port\. Entries name a host and a port: write "mock\.internal:8080" for one port, or "mock\.internal:\*" for every port/],
    ['127.0.0.1', /names no port.*"127\.0\.0\.1:\*" for every port/],
    ['10.0.0.0/8', /names no port.*"10\.0\.0\.0\/8:\*"/],
    ['::1', /IPv6 address or range without brackets\. Write it in brackets with a port: "\[::1\]:8080" for one port, or "\[::1\]:\*"/],
    ['fd00::/8', /"\[fd00::\/8\]:\*"/],
    ['[::1]', /names no port.*"\[::1\]:\*"/],
    ['10/8:80', /"10\/8:80" is not a valid IPv4 address or CIDR/],
    ['127.0.0.1/8:80', /did you mean 127\.0\.0\.0\/8\?/],
    ['[fd00::1/8]:80', /did you mean fd00::\/8\?/],
    ['10.0.0.0/33:80', /invalid prefix length; use 0 to 32/],
    ['[::/129]:80', /use 0 to 128/],
    ['10.0.0.0/x:80', /invalid prefix length/],
    ['0177.0.0.1:80', /would be read as 127\.0\.0\.1/],
    ['2130706433:80', /would be read as 127\.0\.0\.1/],
    ['0x7f.1:80', /non-canonical IP address; write it as 127\.0\.0\.1/],
    ['1.2.3.4.5:80', /not a valid IPv4 address/],
    ['999.1.1.1:80', /not a valid IPv4 address/],
    ['http://mock.internal', /is a URL/],
    ['mock.internal:0', /invalid port "0"; use 1 to 65535, or \* for every port/],
    ['mock.internal:70000', /invalid port/],
    ['mock.internal:http', /invalid port/],
    ['[127.0.0.1]:80', /IPv4 address in brackets/],
    ['[::1', /does not close/],
    ['[::1]8080', /not ":port"/],
    ['*.internal:80', /wildcard/],
    ['[fe80::1%eth0]:80', /zone id/],
    ['[zz::1]:80', /not a valid IPv6 address/],
    ['bad_host!:80', /not a valid hostname/],
    ['-leading.example:80', /not a valid hostname/],
    ['user@host:80', /not a host and port/],
  ])('refuses %p and names it', (entry, message) => {
    let caught: unknown;
    try {
      parseOutboundAllowlist(`localhost:80, ${entry}`);
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
    expect([...loadOutboundAllowlist({ OUTBOUND_ALLOWLIST: 'mock.internal:8080' }).hostnames]).toEqual(['mock.internal']);
    expect(loadOutboundAllowlist({})).toBe(EMPTY_ALLOWLIST);
  });
});

describe('isHostnameAllowlisted', () => {
  const allowlist = parseOutboundAllowlist('mock.internal:8080,vllm.internal:*');
  it('ignores case and a trailing dot, nothing else', () => {
    expect(isHostnameAllowlisted(allowlist, 'MOCK.internal.', 8080)).toBe(true);
    expect(isHostnameAllowlisted(allowlist, 'a.mock.internal', 8080)).toBe(false);
    expect(isHostnameAllowlisted(allowlist, 'mock.internal.evil.com', 8080)).toBe(false);
  });

  it('matches the port; an unknown port matches only * entries', () => {
    expect(isHostnameAllowlisted(allowlist, 'mock.internal', 8081)).toBe(false);
    expect(isHostnameAllowlisted(allowlist, 'mock.internal')).toBe(false);
    expect(isHostnameAllowlisted(allowlist, 'vllm.internal', 22)).toBe(true);
    expect(isHostnameAllowlisted(allowlist, 'vllm.internal')).toBe(true);
  });
});

describe('evaluateAddress', () => {
  it('allows public addresses with no allowlist', () => {
    expect(evaluateAddress('8.8.8.8')).toEqual({ allowed: true, address: '8.8.8.8', category: 'public', basis: 'public' });
  });

  it('refuses forbidden addresses with no allowlist, in canonical form', () => {
    expect(evaluateAddress('2130706433')).toEqual({ allowed: false, address: '127.0.0.1', category: 'loopback', valid: true, reason: 'forbidden-address' });
  });

  it('refuses what is not an IP address (fail closed)', () => {
    expect(evaluateAddress('example.com')).toMatchObject({ allowed: false, valid: false });
  });

  it('opens addresses matched by IP or CIDR entries, including IPv4-mapped forms', () => {
    const allowlist = parseOutboundAllowlist('127.0.0.0/8:*,[::1]:*,10.0.0.5:443');
    expect(evaluateAddress('127.0.0.2', { allowlist, port: 80 })).toMatchObject({ allowed: true, basis: 'allowlisted-address', allowlistEntry: '127.0.0.0/8:*' });
    expect(evaluateAddress('::ffff:127.0.0.1', { allowlist, port: 80 })).toMatchObject({ allowed: true, allowlistEntry: '127.0.0.0/8:*' });
    expect(evaluateAddress('::1', { allowlist, port: 80 })).toMatchObject({ allowed: true, allowlistEntry: '[::1]:*' });
    expect(evaluateAddress('10.0.0.5', { allowlist, port: 443 })).toMatchObject({ allowed: true });
    expect(evaluateAddress('10.0.0.6', { allowlist, port: 443 })).toMatchObject({ allowed: false, category: 'private' });
    expect(evaluateAddress('64:ff9b::127.0.0.1', { allowlist, port: 80 })).toMatchObject({ allowed: false });
  });

  it('opens any address reached through an allowlisted hostname, and only through it', () => {
    const allowlist = parseOutboundAllowlist('mock.internal:8080');
    expect(evaluateAddress('10.9.8.7', { allowlist, hostname: 'mock.internal', port: 8080 })).toMatchObject({
      allowed: true,
      basis: 'allowlisted-hostname',
      allowlistEntry: 'mock.internal:8080',
    });
    expect(evaluateAddress('10.9.8.7', { allowlist, hostname: 'other.internal', port: 8080 })).toMatchObject({ allowed: false });
    expect(evaluateAddress('10.9.8.7', { allowlist, port: 8080 })).toMatchObject({ allowed: false });
  });

  it('opens metadata addresses only with an exact entry', () => {
    const wide = parseOutboundAllowlist('0.0.0.0/0:*,169.254.0.0/16:*,[::/0]:*,metadata.internal:*');
    expect(evaluateAddress('169.254.169.254', { allowlist: wide, port: 80 })).toMatchObject({ allowed: false, category: 'metadata' });
    expect(evaluateAddress('fd00:ec2::254', { allowlist: wide, port: 80 })).toMatchObject({ allowed: false, category: 'metadata' });
    expect(evaluateAddress('169.254.169.254', { allowlist: wide, hostname: 'metadata.internal', port: 80 })).toMatchObject({ allowed: false });
    expect(evaluateAddress('169.254.1.1', { allowlist: wide, port: 80 })).toMatchObject({ allowed: true });

    const exact = parseOutboundAllowlist('169.254.169.254/32:80,[fd00:ec2::254]:*');
    expect(evaluateAddress('169.254.169.254', { allowlist: exact, port: 80 })).toMatchObject({ allowed: true, category: 'metadata' });
    expect(evaluateAddress('169.254.169.254', { allowlist: exact, port: 8080 })).toMatchObject({ allowed: false, category: 'metadata' });
    expect(evaluateAddress('::ffff:169.254.169.254', { allowlist: exact, port: 80 })).toMatchObject({ allowed: true });
    expect(evaluateAddress('fd00:ec2::254', { allowlist: exact, port: 80 })).toMatchObject({ allowed: true });
  });

  it('opens an address only on the ports its entry names; an unknown port only with *', () => {
    const allowlist = parseOutboundAllowlist('127.0.0.1:8080,10.0.0.0/8:*');
    expect(evaluateAddress('127.0.0.1', { allowlist, port: 8080 })).toMatchObject({ allowed: true });
    expect(evaluateAddress('127.0.0.1', { allowlist, port: 6379 })).toMatchObject({ allowed: false, category: 'loopback', reason: 'forbidden-address' });
    expect(evaluateAddress('127.0.0.1', { allowlist })).toMatchObject({ allowed: false });
    expect(evaluateAddress('10.2.3.4', { allowlist })).toMatchObject({ allowed: true });
  });

  it('never opens the platform\'s own endpoints, whatever the allowlist says', () => {
    const allowlist = parseOutboundAllowlist('127.0.0.0/8:*,kafka:*,10.0.0.0/8:*');
    const platform = createPlatformEndpoints({ localPorts: [3000], endpoints: ['kafka:9092', '10.0.0.9:5432'] });
    expect(evaluateAddress('127.0.0.1', { allowlist, port: 3000, platform })).toMatchObject({ allowed: false, reason: 'platform-endpoint' });
    expect(evaluateAddress('127.0.0.2', { allowlist, port: 3000, platform })).toMatchObject({ allowed: false, reason: 'platform-endpoint' });
    expect(evaluateAddress('::ffff:127.0.0.1', { allowlist, port: 3000, platform })).toMatchObject({ allowed: false, reason: 'platform-endpoint' });
    expect(evaluateAddress('127.0.0.1', { allowlist, port: 3001, platform })).toMatchObject({ allowed: true });
    expect(evaluateAddress('10.1.1.1', { allowlist, hostname: 'kafka', port: 9092, platform })).toMatchObject({ allowed: false, reason: 'platform-endpoint' });
    expect(evaluateAddress('10.1.1.1', { allowlist, hostname: 'other', port: 9092, platform, platformNames: new Set(['kafka']) })).toMatchObject({
      allowed: false,
      reason: 'platform-endpoint',
    });
    expect(evaluateAddress('10.0.0.9', { allowlist, port: 5432, platform })).toMatchObject({ allowed: false, reason: 'platform-endpoint' });
    expect(evaluateAddress('10.0.0.9', { allowlist, port: 5433, platform })).toMatchObject({ allowed: true });
  });
});
