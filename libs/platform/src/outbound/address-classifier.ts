/**
 * Parses and classifies IP address strings for the outbound guard.
 *
 * IPv4 parsing follows the WHATWG URL "IPv4 parser" (and the BSD `inet_aton` rules that
 * OS resolvers apply): one to four dot-separated parts, each decimal, octal (leading
 * `0`) or hexadecimal (`0x`), the last part filling the remaining bytes, and one
 * trailing dot allowed. So `2130706433`, `0177.0.0.1`, `0x7f.0.0.1`, `127.1` and
 * `127.0.0.1.` all parse as 127.0.0.1.
 *
 * IPv6 parsing accepts RFC 4291 text forms: `::` compression, a dotted IPv4 tail,
 * optional brackets and a zone id (`fe80::1%eth0`). Addresses that embed an IPv4
 * address (IPv4-mapped, IPv4-compatible, IPv4-translated, NAT64 `64:ff9b::/96`, 6to4
 * `2002::/16`) are classified by the embedded address, so `::ffff:127.0.0.1` is loopback.
 */

export type AddressCategory =
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'cgnat'
  | 'metadata'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'public';

export type Ipv4Embedding = 'ipv4-mapped' | 'ipv4-compatible' | 'ipv4-translated' | 'nat64' | '6to4';

export interface ParsedIpAddress {
  readonly version: 4 | 6;
  /** Canonical text: dotted quad for IPv4, RFC 5952 for IPv6; no brackets, no zone id. */
  readonly address: string;
  /** 4 or 16 bytes, network order. */
  readonly bytes: Uint8Array;
  /** The IPv6 zone id (`eth0` in `fe80::1%eth0`), if any. */
  readonly zoneId?: string;
}

export interface AddressClassification extends ParsedIpAddress {
  readonly category: AddressCategory;
  /** For IPv6 addresses that carry an IPv4 address: the embedded address and how. */
  readonly embeddedIpv4?: string;
  readonly embedding?: Ipv4Embedding;
}

// ---------------------------------------------------------------------------
// IPv4

function parseIpv4Part(part: string): number | null {
  if (part === '') return null;
  let digits = part;
  let radix = 10;
  if (part.length >= 2 && part[0] === '0' && (part[1] === 'x' || part[1] === 'X')) {
    digits = part.slice(2);
    radix = 16;
    if (digits === '') return 0; // WHATWG: "0x" alone is zero
    if (!/^[0-9a-fA-F]+$/.test(digits)) return null;
  } else if (part.length >= 2 && part[0] === '0') {
    digits = part.slice(1);
    radix = 8;
    if (!/^[0-7]+$/.test(digits)) return null;
  } else if (!/^[0-9]+$/.test(digits)) {
    return null;
  }
  // Very long digit strings lose precision, but stay far above 2^32, which is all we test.
  return Number.parseInt(digits, radix);
}

/** Parses any IPv4 spelling an OS resolver accepts; returns the address as an unsigned 32-bit number. */
export function parseIpv4ToNumber(input: string): number | null {
  let text = input;
  if (text.endsWith('.')) text = text.slice(0, -1);
  if (text === '') return null;
  const parts = text.split('.');
  if (parts.length > 4) return null;
  const numbers: number[] = [];
  for (const part of parts) {
    const value = parseIpv4Part(part);
    if (value === null) return null;
    numbers.push(value);
  }
  const last = numbers.length - 1;
  for (let i = 0; i < last; i += 1) {
    if (numbers[i] > 255) return null;
  }
  if (numbers[last] >= 256 ** (5 - numbers.length)) return null;
  let value = numbers[last];
  for (let i = 0; i < last; i += 1) {
    value += numbers[i] * 256 ** (3 - i);
  }
  return value;
}

/** Strict dotted-quad decimal (what `net.isIPv4` accepts): four parts, no leading zeros. */
export function parseCanonicalIpv4(input: string): number | null {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(input);
  if (!match) return null;
  let value = 0;
  for (let i = 1; i <= 4; i += 1) {
    const part = match[i];
    if (part.length > 1 && part[0] === '0') return null;
    const n = Number(part);
    if (n > 255) return null;
    value = value * 256 + n;
  }
  return value;
}

function ipv4NumberToBytes(value: number): Uint8Array {
  return Uint8Array.of((value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
}

function formatIpv4(bytes: ArrayLike<number>, offset = 0): string {
  return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
}

// ---------------------------------------------------------------------------
// IPv6

const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

function parseIpv6Groups(text: string): number[] | null {
  let body = text;
  // A dotted IPv4 tail becomes two hex groups.
  const lastColon = body.lastIndexOf(':');
  if (lastColon === -1) return null;
  const tail = body.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = parseCanonicalIpv4(tail);
    if (v4 === null) return null;
    body = `${body.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return null;
  const toGroups = (part: string): number[] | null => {
    if (part === '') return [];
    const groups: number[] = [];
    for (const group of part.split(':')) {
      if (!HEX_GROUP.test(group)) return null;
      groups.push(Number.parseInt(group, 16));
    }
    return groups;
  };
  if (halves.length === 1) {
    const groups = toGroups(halves[0]);
    return groups && groups.length === 8 ? groups : null;
  }
  const head = toGroups(halves[0]);
  const rest = toGroups(halves[1]);
  if (!head || !rest || head.length + rest.length > 7) return null;
  return [...head, ...new Array<number>(8 - head.length - rest.length).fill(0), ...rest];
}

function groupsToBytes(groups: number[]): Uint8Array {
  const bytes = new Uint8Array(16);
  groups.forEach((group, i) => {
    bytes[i * 2] = group >> 8;
    bytes[i * 2 + 1] = group & 0xff;
  });
  return bytes;
}

function isIpv4Mapped(bytes: Uint8Array): boolean {
  for (let i = 0; i < 10; i += 1) if (bytes[i] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}

/** RFC 5952 text: lower case, longest run (2+) of zero groups compressed, mapped IPv4 dotted. */
function formatIpv6(bytes: Uint8Array): string {
  if (isIpv4Mapped(bytes)) return `::ffff:${formatIpv4(bytes, 12)}`;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i] << 8) | bytes[i + 1]);
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j += 1;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLength < 2) return hex.join(':');
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}

// ---------------------------------------------------------------------------
// Parsing

/**
 * Parses an IP address string in any of the accepted spellings. Returns `null` when the
 * string is not an IP address (for example a hostname).
 */
export function parseIpAddress(input: string): ParsedIpAddress | null {
  let text = input.trim();
  if (text === '') return null;
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  if (text.includes(':')) {
    let zoneId: string | undefined;
    const percent = text.indexOf('%');
    if (percent !== -1) {
      zoneId = text.slice(percent + 1);
      text = text.slice(0, percent);
      if (zoneId === '' || !/^[A-Za-z0-9_.~-]+$/.test(zoneId)) return null;
    }
    const groups = parseIpv6Groups(text);
    if (!groups) return null;
    const bytes = groupsToBytes(groups);
    return zoneId === undefined
      ? { version: 6, address: formatIpv6(bytes), bytes }
      : { version: 6, address: formatIpv6(bytes), bytes, zoneId };
  }
  const value = parseIpv4ToNumber(text);
  if (value === null) return null;
  const bytes = ipv4NumberToBytes(value);
  return { version: 4, address: formatIpv4(bytes), bytes };
}

/** True when the string is an IP address in any accepted spelling. */
export function isIpAddress(input: string): boolean {
  return parseIpAddress(input) !== null;
}

// ---------------------------------------------------------------------------
// Ranges

/** True when the first `prefixLength` bits of `bytes` equal those of `network`. */
export function bytesMatchPrefix(bytes: Uint8Array, network: ArrayLike<number>, prefixLength: number): boolean {
  const fullBytes = Math.floor(prefixLength / 8);
  for (let i = 0; i < fullBytes; i += 1) {
    if (bytes[i] !== network[i]) return false;
  }
  const remainingBits = prefixLength % 8;
  if (remainingBits === 0) return true;
  const mask = (0xff << (8 - remainingBits)) & 0xff;
  return (bytes[fullBytes] & mask) === (network[fullBytes] & mask);
}

interface RangeRule {
  readonly network: Uint8Array;
  readonly prefixLength: number;
  readonly category: AddressCategory;
}

function rule(cidr: string, category: AddressCategory): RangeRule {
  const [address, length] = cidr.split('/');
  const parsed = parseIpAddress(address);
  if (!parsed) throw new Error(`bad built-in range ${cidr}`);
  return { network: parsed.bytes, prefixLength: Number(length), category };
}

/**
 * Cloud instance-metadata and platform endpoints. They are checked before the wider
 * ranges that contain them, and an allowlist only opens them with an exact entry.
 */
const IPV4_METADATA: readonly RangeRule[] = [
  rule('169.254.169.254/32', 'metadata'), // AWS, GCP, Azure, OCI, DigitalOcean, OpenStack…
  rule('169.254.170.2/32', 'metadata'), // AWS ECS task metadata and credentials
  rule('169.254.170.23/32', 'metadata'), // AWS EKS Pod Identity agent
  rule('169.254.0.23/32', 'metadata'), // Tencent Cloud
  rule('100.100.100.200/32', 'metadata'), // Alibaba Cloud
  rule('192.0.0.192/32', 'metadata'), // Oracle Cloud (classic) metadata
  rule('168.63.129.16/32', 'metadata'), // Azure WireServer / platform DNS (a public address)
];

const IPV4_RULES: readonly RangeRule[] = [
  ...IPV4_METADATA,
  rule('0.0.0.0/8', 'unspecified'),
  rule('127.0.0.0/8', 'loopback'),
  rule('10.0.0.0/8', 'private'),
  rule('172.16.0.0/12', 'private'),
  rule('192.168.0.0/16', 'private'),
  rule('100.64.0.0/10', 'cgnat'),
  rule('169.254.0.0/16', 'link-local'),
  rule('224.0.0.0/4', 'multicast'),
  rule('255.255.255.255/32', 'broadcast'),
  rule('240.0.0.0/4', 'reserved'),
  rule('192.0.0.0/24', 'reserved'), // IETF protocol assignments
  rule('192.0.2.0/24', 'reserved'), // TEST-NET-1
  rule('198.51.100.0/24', 'reserved'), // TEST-NET-2
  rule('203.0.113.0/24', 'reserved'), // TEST-NET-3
  rule('198.18.0.0/15', 'reserved'), // benchmarking
  rule('192.88.99.0/24', 'reserved'), // deprecated 6to4 relay anycast
];

const IPV6_RULES: readonly RangeRule[] = [
  rule('fd00:ec2::254/128', 'metadata'), // AWS IMDS over IPv6
  rule('fd00:ec2::23/128', 'metadata'), // AWS EKS Pod Identity agent over IPv6
  rule('64:ff9b:1::/48', 'private'), // local-use NAT64 (RFC 8215)
  rule('2001:db8::/32', 'reserved'), // documentation
  rule('3fff::/20', 'reserved'), // documentation (RFC 9637)
  rule('2001::/23', 'reserved'), // IETF protocol assignments: Teredo, benchmarking, ORCHID…
  rule('100::/64', 'reserved'), // discard-only
  rule('fc00::/7', 'private'), // unique local
  rule('fec0::/10', 'private'), // deprecated site-local
  rule('fe80::/10', 'link-local'),
  rule('ff00::/8', 'multicast'),
  rule('2000::/3', 'public'), // global unicast; everything else is reserved
];

function matchRules(bytes: Uint8Array, rules: readonly RangeRule[]): AddressCategory | undefined {
  return rules.find((r) => bytesMatchPrefix(bytes, r.network, r.prefixLength))?.category;
}

function classifyIpv4Bytes(bytes: Uint8Array): AddressCategory {
  return matchRules(bytes, IPV4_RULES) ?? 'public';
}

function allZero(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i += 1) if (bytes[i] !== 0) return false;
  return true;
}

interface Embedded {
  readonly embedding: Ipv4Embedding;
  readonly v4: Uint8Array;
}

function findEmbeddedIpv4(bytes: Uint8Array): Embedded | undefined {
  if (isIpv4Mapped(bytes)) return { embedding: 'ipv4-mapped', v4: bytes.slice(12) };
  // ::ffff:0:a.b.c.d (SIIT IPv4-translated, RFC 2765)
  if (allZero(bytes, 0, 8) && bytes[8] === 0xff && bytes[9] === 0xff && bytes[10] === 0 && bytes[11] === 0) {
    return { embedding: 'ipv4-translated', v4: bytes.slice(12) };
  }
  // ::a.b.c.d (deprecated IPv4-compatible); `::` and `::1` are handled before this.
  if (allZero(bytes, 0, 12)) return { embedding: 'ipv4-compatible', v4: bytes.slice(12) };
  // 64:ff9b::a.b.c.d (well-known NAT64 prefix, RFC 6052)
  if (bytes[0] === 0 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && allZero(bytes, 4, 12)) {
    return { embedding: 'nat64', v4: bytes.slice(12) };
  }
  // 2002:AABB:CCDD::/48 (6to4, RFC 3056)
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return { embedding: '6to4', v4: bytes.slice(2, 6) };
  return undefined;
}

/**
 * Classifies an IP address string. Returns `null` when the string is not an IP address.
 */
export function classifyIpAddress(input: string): AddressClassification | null {
  const parsed = parseIpAddress(input);
  if (!parsed) return null;
  if (parsed.version === 4) return { ...parsed, category: classifyIpv4Bytes(parsed.bytes) };

  const { bytes } = parsed;
  if (allZero(bytes, 0, 16)) return { ...parsed, category: 'unspecified' };
  if (allZero(bytes, 0, 15) && bytes[15] === 1) return { ...parsed, category: 'loopback' };

  const embedded = findEmbeddedIpv4(bytes);
  if (embedded) {
    let category = classifyIpv4Bytes(embedded.v4);
    // Compatible and translated forms are deprecated; nothing legitimate is served there.
    if (category === 'public' && (embedded.embedding === 'ipv4-compatible' || embedded.embedding === 'ipv4-translated')) {
      category = 'reserved';
    }
    return { ...parsed, category, embeddedIpv4: formatIpv4(embedded.v4), embedding: embedded.embedding };
  }
  return { ...parsed, category: matchRules(bytes, IPV6_RULES) ?? 'reserved' };
}

/** Every category except `public` is forbidden unless an allowlist opens it. */
export function isForbiddenCategory(category: AddressCategory): boolean {
  return category !== 'public';
}

/**
 * True when the string is an IP address outside public unicast space (loopback,
 * private, link-local, CGNAT, metadata, unspecified, multicast, broadcast, reserved).
 * Fails closed: a string that is not an IP address is reported as forbidden.
 */
export function isForbiddenAddress(input: string): boolean {
  const classification = classifyIpAddress(input);
  return classification === null || isForbiddenCategory(classification.category);
}

const CATEGORY_DESCRIPTIONS: Readonly<Record<AddressCategory, string>> = {
  loopback: 'a loopback address',
  private: 'a private address',
  'link-local': 'a link-local address',
  cgnat: 'a carrier-grade NAT (shared) address',
  metadata: 'a cloud metadata service address',
  unspecified: 'an unspecified address (0.0.0.0 or ::)',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved or documentation address',
  public: 'a public address',
};

/** "a private address", "a loopback address", … for messages. */
export function describeCategory(category: AddressCategory): string {
  return CATEGORY_DESCRIPTIONS[category];
}
