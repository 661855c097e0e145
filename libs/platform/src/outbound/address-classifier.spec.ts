import {
  AddressCategory,
  classifyIpAddress,
  describeCategory,
  isForbiddenAddress,
  isIpAddress,
  parseIpAddress,
} from './address-classifier';
import { isIPv4, isIPv6 } from 'node:net';

describe('parseIpAddress', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['2130706433', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'],
    ['0x7f.0.0.1', '127.0.0.1'],
    ['0x7F000001', '127.0.0.1'],
    ['0x7f.1', '127.0.0.1'],
    ['127.1', '127.0.0.1'],
    ['127.0.1', '127.0.0.1'],
    ['127.0.0.1.', '127.0.0.1'],
    ['017700000001', '127.0.0.1'],
    ['0', '0.0.0.0'],
    ['0x', '0.0.0.0'],
    ['10.0.0.5', '10.0.0.5'],
    ['167772165', '10.0.0.5'],
    ['0xa9fea9fe', '169.254.169.254'],
    ['169.254.43518', '169.254.169.254'],
    ['4294967295', '255.255.255.255'],
  ])('reads IPv4 spelling %s as %s', (input, expected) => {
    const parsed = parseIpAddress(input);
    expect(parsed?.version).toBe(4);
    expect(parsed?.address).toBe(expected);
  });

  it.each([
    ['::1', '::1'],
    ['[::1]', '::1'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['::', '::'],
    ['FE80::1', 'fe80::1'],
    ['2001:DB8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['::ffff:127.0.0.1', '::ffff:127.0.0.1'],
    ['::ffff:7f00:1', '::ffff:127.0.0.1'],
    ['::127.0.0.1', '::7f00:1'],
    ['64:ff9b::10.0.0.1', '64:ff9b::a00:1'],
    ['1:0:1:0:0:0:1:0', '1:0:1::1:0'],
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
  ])('reads IPv6 spelling %s as %s', (input, expected) => {
    const parsed = parseIpAddress(input);
    expect(parsed?.version).toBe(6);
    expect(parsed?.address).toBe(expected);
  });

  it('keeps a zone id apart from the address', () => {
    expect(parseIpAddress('fe80::1%eth0')).toMatchObject({ version: 6, address: 'fe80::1', zoneId: 'eth0' });
    expect(parseIpAddress('fe80::1%')).toBeNull();
  });

  it.each([
    'localhost',
    'example.com',
    'mock.internal',
    '',
    '1.2.3.4.5',
    '256.0.0.1',
    '1.2.3.256.',
    '08',
    '0x1g',
    '4294967296',
    '127.0.0.1..',
    '1e3',
    '::1::',
    ':::1',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '12345::',
    '::ffff:127.0.0.01',
    '::ffff:0x7f.1',
    '1.2.3.4:80',
  ])('returns null for %p', (input) => {
    expect(parseIpAddress(input)).toBeNull();
    expect(isIpAddress(input)).toBe(false);
  });

  it('agrees with node:net on canonical spellings', () => {
    for (const input of ['1.2.3.4', '255.255.255.255', '::', '::1', 'fe80::1', '2001:db8::', '::ffff:1.2.3.4']) {
      expect(isIPv4(input) || isIPv6(input)).toBe(isIpAddress(input));
    }
  });
});

describe('classifyIpAddress', () => {
  const cases: Array<[string, AddressCategory]> = [
    // loopback
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['127.0.0.2', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['2130706433', 'loopback'],
    ['0177.0.0.1', 'loopback'],
    ['0x7f.0.0.1', 'loopback'],
    ['0x7f000001', 'loopback'],
    ['127.1', 'loopback'],
    ['127.0.0.1.', 'loopback'],
    // private
    ['10.0.0.5', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fec0::1', 'private'],
    // link-local
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    // cgnat
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    // metadata
    ['169.254.169.254', 'metadata'],
    ['0xa9fea9fe', 'metadata'],
    ['169.254.170.2', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['FD00:EC2:0:0:0:0:0:254', 'metadata'],
    ['168.63.129.16', 'metadata'],
    // unspecified
    ['0.0.0.0', 'unspecified'],
    ['0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    // multicast / broadcast
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    // reserved
    ['240.0.0.1', 'reserved'],
    ['192.0.0.8', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.9', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['198.19.255.255', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['2001::1', 'reserved'], // Teredo
    ['100::1', 'reserved'],
    ['4000::1', 'reserved'],
    // public
    ['8.8.8.8', 'public'],
    ['1.1.1.1', 'public'],
    ['172.15.255.255', 'public'],
    ['172.32.0.0', 'public'],
    ['100.63.255.255', 'public'],
    ['100.128.0.0', 'public'],
    ['198.20.0.0', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['2a00:1450:4001::200e', 'public'],
  ];

  it.each(cases)('%s is %s', (input, category) => {
    expect(classifyIpAddress(input)?.category).toBe(category);
  });

  it.each([
    ['::ffff:127.0.0.1', 'loopback', 'ipv4-mapped', '127.0.0.1'],
    ['::ffff:7f00:1', 'loopback', 'ipv4-mapped', '127.0.0.1'],
    ['[::ffff:7f00:1]', 'loopback', 'ipv4-mapped', '127.0.0.1'],
    ['::ffff:10.0.0.5', 'private', 'ipv4-mapped', '10.0.0.5'],
    ['::ffff:169.254.169.254', 'metadata', 'ipv4-mapped', '169.254.169.254'],
    ['::ffff:a9fe:a9fe', 'metadata', 'ipv4-mapped', '169.254.169.254'],
    ['::ffff:8.8.8.8', 'public', 'ipv4-mapped', '8.8.8.8'],
    ['::127.0.0.1', 'loopback', 'ipv4-compatible', '127.0.0.1'],
    ['::7f00:1', 'loopback', 'ipv4-compatible', '127.0.0.1'],
    ['::8.8.8.8', 'reserved', 'ipv4-compatible', '8.8.8.8'],
    ['::ffff:0:127.0.0.1', 'loopback', 'ipv4-translated', '127.0.0.1'],
    ['64:ff9b::127.0.0.1', 'loopback', 'nat64', '127.0.0.1'],
    ['64:ff9b::a9fe:a9fe', 'metadata', 'nat64', '169.254.169.254'],
    ['64:ff9b::8.8.8.8', 'public', 'nat64', '8.8.8.8'],
    ['2002:7f00:1::', 'loopback', '6to4', '127.0.0.1'],
    ['2002:a00:5::1', 'private', '6to4', '10.0.0.5'],
    ['2002:808:808::1', 'public', '6to4', '8.8.8.8'],
  ])('%s carries %s IPv4 (%s %s)', (input, category, embedding, embedded) => {
    expect(classifyIpAddress(input)).toMatchObject({ version: 6, category, embedding, embeddedIpv4: embedded });
  });

  it('classifies local-use NAT64 as private', () => {
    expect(classifyIpAddress('64:ff9b:1::8.8.8.8')?.category).toBe('private');
  });

  it('returns null for hostnames', () => {
    expect(classifyIpAddress('example.com')).toBeNull();
  });
});

describe('isForbiddenAddress', () => {
  it.each(['127.0.0.1', '::1', '10.1.2.3', '169.254.169.254', 'fd00:ec2::254', '::ffff:127.0.0.1', '0.0.0.0', '100.64.1.1'])(
    '%s is forbidden',
    (input) => expect(isForbiddenAddress(input)).toBe(true),
  );
  it.each(['8.8.8.8', '2606:4700:4700::1111', '::ffff:1.1.1.1'])('%s is allowed', (input) =>
    expect(isForbiddenAddress(input)).toBe(false),
  );
  it('fails closed on anything that is not an address', () => {
    expect(isForbiddenAddress('example.com')).toBe(true);
    expect(isForbiddenAddress('')).toBe(true);
  });
});

describe('describeCategory', () => {
  it('reads well in a sentence', () => {
    expect(describeCategory('private')).toBe('a private address');
    expect(describeCategory('metadata')).toBe('a cloud metadata service address');
  });
});
