/**
 * Parses and classifies IP address strings for the outbound guard, on ipaddr.js.
 *
 * IPv4: every spelling an OS resolver (BSD `inet_aton`) or the WHATWG URL parser reads as
 * an address: one to four dot-separated parts, each decimal, octal (leading `0`) or
 * hexadecimal (`0x`), the last part filling the remaining bytes, and one trailing dot. So
 * `2130706433`, `0177.0.0.1`, `0x7f.0.0.1`, `127.1` and `127.0.0.1.` are all 127.0.0.1.
 *
 * IPv6: RFC 4291 text forms (`::` compression, a dotted IPv4 tail, optional brackets, a
 * zone id as in `fe80::1%eth0`). Addresses that embed an IPv4 address (IPv4-mapped,
 * IPv4-compatible, IPv4-translated, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) are classified
 * by the embedded address, so `::ffff:127.0.0.1` is loopback.
 */
import ipaddr from 'ipaddr.js';

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

/** A parsed address or range (ipaddr.js), for allowlist matching. */
export type IpAddressValue = ipaddr.IPv4 | ipaddr.IPv6;

// ---------------------------------------------------------------------------
// Parsing

/** "0x" alone is zero for WHATWG and inet_aton; ipaddr.js wants a digit after it. */
function normalizeIpv4Parts(text: string): string {
  return text
    .split('.')
    .map((part) => (part === '0x' || part === '0X' ? '0' : part))
    .join('.');
}

function parseIpv4(text: string): ipaddr.IPv4 | null {
  let body = text;
  if (body.endsWith('.')) body = body.slice(0, -1);
  if (body === '' || !/^[0-9a-fA-FxX.]+$/.test(body)) return null;
  body = normalizeIpv4Parts(body);
  return ipaddr.IPv4.isValid(body) ? ipaddr.IPv4.parse(body) : null;
}

/**
 * ipaddr.js reads `::a.b.c.d` as IPv4-mapped; RFC 4291 reads it as IPv4-compatible. The
 * dotted tail (strict four decimal parts) is turned into two hex groups first.
 */
function parseIpv6(text: string): ipaddr.IPv6 | null {
  let body = text;
  let zoneId = '';
  const percent = body.indexOf('%');
  if (percent !== -1) {
    zoneId = body.slice(percent + 1);
    body = body.slice(0, percent);
    if (!/^[A-Za-z0-9_.~-]+$/.test(zoneId)) return null;
  }
  const lastColon = body.lastIndexOf(':');
  const tail = body.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!ipaddr.IPv4.isValidFourPartDecimal(tail)) return null;
    const [a, b, c, d] = ipaddr.IPv4.parse(tail).octets;
    body = `${body.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  if (!ipaddr.IPv6.isValid(body)) return null;
  const parsed = ipaddr.IPv6.parse(body);
  if (zoneId !== '') parsed.zoneId = zoneId;
  return parsed;
}

/** Canonical text: RFC 5952, with an IPv4-mapped address written dotted (`::ffff:127.0.0.1`). */
function formatAddress(address: IpAddressValue): string {
  if (address.kind() === 'ipv4') return address.toString();
  const v6 = address as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return `::ffff:${v6.toIPv4Address().toString()}`;
  return new ipaddr.IPv6(v6.parts).toRFC5952String(); // without the zone id
}

/** The ipaddr.js value of an IP address string in any accepted spelling, or null. */
export function parseIpAddressValue(input: string): IpAddressValue | null {
  let text = input.trim();
  if (text === '') return null;
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  return text.includes(':') ? parseIpv6(text) : parseIpv4(text);
}

function toParsed(value: IpAddressValue): ParsedIpAddress {
  const bytes = Uint8Array.from(value.toByteArray());
  const address = formatAddress(value);
  if (value.kind() === 'ipv4') return { version: 4, address, bytes };
  const zoneId = (value as ipaddr.IPv6).zoneId;
  return zoneId === undefined ? { version: 6, address, bytes } : { version: 6, address, bytes, zoneId };
}

/**
 * Parses an IP address string in any of the accepted spellings. Returns `null` when the
 * string is not an IP address (for example a hostname).
 */
export function parseIpAddress(input: string): ParsedIpAddress | null {
  const value = parseIpAddressValue(input);
  return value ? toParsed(value) : null;
}

/** True when the string is an IP address in any accepted spelling. */
export function isIpAddress(input: string): boolean {
  return parseIpAddressValue(input) !== null;
}

// ---------------------------------------------------------------------------
// Ranges

interface RangeRule {
  readonly range: [IpAddressValue, number];
  readonly category: AddressCategory;
}

function rule(cidr: string, category: AddressCategory): RangeRule {
  return { range: ipaddr.parseCIDR(cidr), category };
}

/** True when the address is inside the range (same family only). */
export function inRange(address: IpAddressValue, range: [IpAddressValue, number]): boolean {
  return address.kind() === range[0].kind() && address.match(range);
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
  rule('::/128', 'unspecified'),
  rule('::1/128', 'loopback'),
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

/** IPv6 ranges that carry an IPv4 address in their last 32 bits (6to4: bits 16–47). */
const EMBEDDINGS: ReadonlyArray<{ readonly range: [IpAddressValue, number]; readonly embedding: Ipv4Embedding; readonly offset: number }> = [
  { range: ipaddr.parseCIDR('::ffff:0:0/96'), embedding: 'ipv4-mapped', offset: 12 },
  { range: ipaddr.parseCIDR('::ffff:0:0:0/96'), embedding: 'ipv4-translated', offset: 12 }, // SIIT, RFC 2765
  { range: ipaddr.parseCIDR('::/96'), embedding: 'ipv4-compatible', offset: 12 }, // deprecated; `::` and `::1` are matched before
  { range: ipaddr.parseCIDR('64:ff9b::/96'), embedding: 'nat64', offset: 12 }, // well-known NAT64 prefix, RFC 6052
  { range: ipaddr.parseCIDR('2002::/16'), embedding: '6to4', offset: 2 }, // RFC 3056
];

function matchRules(address: IpAddressValue, rules: readonly RangeRule[]): AddressCategory | undefined {
  return rules.find((r) => inRange(address, r.range))?.category;
}

/**
 * Classifies an IP address string. Returns `null` when the string is not an IP address.
 */
export function classifyIpAddress(input: string): AddressClassification | null {
  const value = parseIpAddressValue(input);
  if (!value) return null;
  const parsed = toParsed(value);
  if (value.kind() === 'ipv4') return { ...parsed, category: matchRules(value, IPV4_RULES) ?? 'public' };

  const special = matchRules(value, IPV6_RULES.slice(0, 2));
  if (special) return { ...parsed, category: special };

  const embedded = EMBEDDINGS.find((e) => inRange(value, e.range));
  if (embedded) {
    const v4 = ipaddr.fromByteArray([...parsed.bytes.slice(embedded.offset, embedded.offset + 4)]);
    let category = matchRules(v4, IPV4_RULES) ?? 'public';
    // Compatible and translated forms are deprecated; nothing legitimate is served there.
    if (category === 'public' && (embedded.embedding === 'ipv4-compatible' || embedded.embedding === 'ipv4-translated')) {
      category = 'reserved';
    }
    return { ...parsed, category, embeddedIpv4: v4.toString(), embedding: embedded.embedding };
  }
  return { ...parsed, category: matchRules(value, IPV6_RULES) ?? 'reserved' };
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
