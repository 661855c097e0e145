import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { clientAddress, IsTrustedProxyList, TrustedProxies } from './client-address';

const VARIABLE = 'GATEWAY_TRUSTED_PROXIES';
const proxies = (text: string) => TrustedProxies.parse(text, VARIABLE);

describe('TrustedProxies', () => {
  it('reads addresses and CIDR ranges of both families, and trusts what they cover', () => {
    const trusted = proxies(' 10.0.0.0/8, 192.168.1.7 ,fd00::/8, [::1]');
    expect(trusted.trusts('10.20.30.40')).toBe(true);
    expect(trusted.trusts('::ffff:10.20.30.40')).toBe(true);
    expect(trusted.trusts('192.168.1.7')).toBe(true);
    expect(trusted.trusts('192.168.1.8')).toBe(false);
    expect(trusted.trusts('fd12:3456::1')).toBe(true);
    expect(trusted.trusts('::1')).toBe(true);
    expect(trusted.trusts('11.0.0.1')).toBe(false);
    expect(trusted.trusts('not-an-address')).toBe(false);
  });

  it('is empty by default (an empty or blank list trusts no one)', () => {
    expect(proxies('').isEmpty).toBe(true);
    expect(proxies(' , ').isEmpty).toBe(true);
    expect(TrustedProxies.none.trusts('127.0.0.1')).toBe(false);
  });

  it('refuses an entry that is not an address or a range, naming the variable and the entry', () => {
    expect(() => proxies('10.0.0.0/8,nginx')).toThrow('GATEWAY_TRUSTED_PROXIES entry "nginx" is not an IP address or CIDR range');
    expect(() => proxies('10.0.0.0/33')).toThrow('GATEWAY_TRUSTED_PROXIES entry "10.0.0.0/33" has a prefix length outside 0-32');
    expect(() => proxies('fd00::/x')).toThrow('has a prefix length outside 0-128');
    expect(() => proxies('010.1.1.1')).toThrow(/is not an IP address/);
    expect(() => proxies('10.0.0.1/8/8')).toThrow(/is not an IP address/);
  });

  it('is a config rule whose message is the parser\'s', () => {
    class Example {
      @IsTrustedProxyList(VARIABLE)
      GATEWAY_TRUSTED_PROXIES = '';
    }
    const messages = (value: string) => validateSync(plainToInstance(Example, { GATEWAY_TRUSTED_PROXIES: value })).flatMap((e) => Object.values(e.constraints ?? {}));
    expect(messages('')).toEqual([]);
    expect(messages('127.0.0.1,10.0.0.0/8')).toEqual([]);
    expect(messages('nginx')).toEqual(['GATEWAY_TRUSTED_PROXIES entry "nginx" is not an IP address or CIDR range: write e.g. 10.0.0.5, 10.0.0.0/8 or fd00::/8, separated by commas.']);
  });
});

describe('clientAddress', () => {
  const nginx = proxies('10.0.0.2');

  it('is the peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress('10.0.0.2', '203.0.113.9', TrustedProxies.none)).toBe('10.0.0.2');
    expect(clientAddress('::ffff:198.51.100.4', '203.0.113.9', TrustedProxies.none)).toBe('198.51.100.4');
  });

  it('is the peer when the peer is not a trusted proxy: the header cannot be spoofed', () => {
    expect(clientAddress('198.51.100.4', '203.0.113.9', nginx)).toBe('198.51.100.4');
  });

  it('is the address the trusted proxy appended, never what the client wrote before it', () => {
    expect(clientAddress('10.0.0.2', '203.0.113.9', nginx)).toBe('203.0.113.9');
    expect(clientAddress('::ffff:10.0.0.2', '1.1.1.1, 203.0.113.9', nginx)).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.2', 'garbage, 203.0.113.9', nginx)).toBe('203.0.113.9');
  });

  it('skips every trusted hop from the right (a chain of proxies)', () => {
    const chain = proxies('10.0.0.0/24, fd00::/8');
    expect(clientAddress('10.0.0.2', '1.1.1.1, 203.0.113.9, 10.0.0.7, fd00::3', chain)).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.2', ['1.1.1.1, 203.0.113.9', '10.0.0.7'], chain)).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.2', '2001:db8::1, 10.0.0.7', chain)).toBe('2001:db8::1');
    expect(clientAddress('10.0.0.2', '[2001:db8::1]', chain)).toBe('2001:db8::1');
  });

  it('is the left-most hop when every hop is a trusted proxy', () => {
    expect(clientAddress('10.0.0.2', '10.0.0.9, 10.0.0.7', proxies('10.0.0.0/24'))).toBe('10.0.0.9');
  });

  it('is the peer for a missing, empty or unreadable header, and never throws', () => {
    expect(clientAddress('10.0.0.2', undefined, nginx)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', '', nginx)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', '203.0.113.9, ', nginx)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', '203.0.113.9:4711', nginx)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', 'unknown', nginx)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', '1.2.3.4, 999.1.1.1', nginx)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', 'x'.repeat(10_000), nginx)).toBe('10.0.0.2');
    expect(clientAddress(undefined, '203.0.113.9', nginx)).toBe('');
  });

  it('gives the same answer for a peer seen before (remembered), and an unreadable peer as it came', () => {
    for (let round = 0; round < 3; round += 1) {
      expect(clientAddress('::ffff:10.0.0.2', '203.0.113.9', nginx)).toBe('203.0.113.9');
      expect(clientAddress('::ffff:10.0.0.2', '203.0.113.10', nginx)).toBe('203.0.113.10');
      expect(clientAddress('::ffff:198.51.100.4', '203.0.113.9', nginx)).toBe('198.51.100.4');
      expect(clientAddress('2001:0db8:0000::0001', undefined, nginx)).toBe('2001:db8::1');
      expect(clientAddress('not-an-address', '203.0.113.9', nginx)).toBe('not-an-address');
    }
  });
});
