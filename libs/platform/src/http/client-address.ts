import ipaddr from 'ipaddr.js';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * The address of the client behind a reverse proxy. A service behind nginx sees nginx
 * as every connection's peer; nginx says who its own peer was in `X-Forwarded-For`,
 * appending it to whatever the client sent. So the header is believed only when the
 * peer is a proxy this service trusts, and read from the right: each trusted hop is
 * skipped, and the first address that is not a trusted proxy is the client. Entries to
 * the left of it were written by the client and are never read.
 *
 * With no trusted proxy (the default), or a peer that is not one, the peer is the
 * client and the header is ignored: nobody can choose their address by sending it.
 * A header that cannot be read (an entry that is not an IP address, a port, an empty
 * entry) gives the peer as well: a misconfigured proxy makes every client one address
 * again, which is safe, rather than letting a client pick one.
 */

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** A bad GATEWAY_TRUSTED_PROXIES-style list: names the variable, the entry and the fix. */
export class TrustedProxiesError extends Error {
  override readonly name = 'TrustedProxiesError';
}

/** Addresses and CIDR ranges of the reverse proxies whose X-Forwarded-For a service believes. */
export class TrustedProxies {
  static readonly none = new TrustedProxies([]);

  private constructor(private readonly ranges: readonly Range[]) {}

  /** Reads a comma-separated list of IP addresses and CIDR ranges; `variable` names it in errors. */
  static parse(text: string, variable: string): TrustedProxies {
    const entries = text
      .split(',')
      .map((e) => e.trim())
      .filter((e) => e !== '');
    return new TrustedProxies(entries.map((entry) => parseRange(entry, variable)));
  }

  get isEmpty(): boolean {
    return this.ranges.length === 0;
  }

  /** True when the address (any spelling `ipAddress` accepts) is inside one of the ranges. */
  trusts(address: string): boolean {
    const parsed = ipAddress(address);
    return parsed !== undefined && this.ranges.some((range) => parsed.kind() === range[0].kind() && parsed.match(range));
  }
}

function parseRange(entry: string, variable: string): Range {
  const [addressText, prefixText, extra] = entry.split('/');
  const address = extra === undefined ? ipAddress(addressText!) : undefined;
  if (address === undefined) {
    throw new TrustedProxiesError(`${variable} entry "${entry}" is not an IP address or CIDR range: write e.g. 10.0.0.5, 10.0.0.0/8 or fd00::/8, separated by commas.`);
  }
  const bits = address.kind() === 'ipv4' ? 32 : 128;
  if (prefixText === undefined) return [address, bits];
  const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= bits)) {
    throw new TrustedProxiesError(`${variable} entry "${entry}" has a prefix length outside 0-${bits}: write e.g. ${address.kind() === 'ipv4' ? '10.0.0.0/8' : 'fd00::/8'}.`);
  }
  return [address, prefix];
}

/**
 * A strictly written IP address (four decimal parts for IPv4; IPv6 with an optional
 * zone, in brackets or not), an IPv4-mapped IPv6 address as its IPv4 address (a
 * dual-stack listener reports IPv4 peers as ::ffff:a.b.c.d). Undefined otherwise.
 */
function ipAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  let body = text.trim();
  if (body.startsWith('[') && body.endsWith(']')) body = body.slice(1, -1);
  if (ipaddr.IPv4.isValidFourPartDecimal(body)) return ipaddr.IPv4.parse(body);
  if (!body.includes(':') || !ipaddr.IPv6.isValid(body)) return undefined;
  const v6 = ipaddr.IPv6.parse(body);
  return v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6;
}

/** Peers remembered by `canonicalPeer` before the memory starts over. */
const MAX_KNOWN_PEERS = 4_096;
const knownPeers = new Map<string, string>();

/**
 * A socket's remote address in canonical form (undefined when it is not an IP address),
 * remembered: every request of a keep-alive connection, and every connection of a proxy,
 * has the same one, and parsing it allocated more than the rest of the admission.
 */
function canonicalPeer(peer: string): string | undefined {
  const known = knownPeers.get(peer);
  if (known !== undefined) return known;
  const address = ipAddress(peer);
  if (address === undefined) return undefined;
  const text = canonical(address);
  if (knownPeers.size >= MAX_KNOWN_PEERS) knownPeers.clear();
  knownPeers.set(peer, text);
  return text;
}

/** The address as `clientAddress` answers it: canonical, IPv4-mapped addresses as IPv4. */
function canonical(address: ipaddr.IPv4 | ipaddr.IPv6): string {
  return address.kind() === 'ipv4' ? address.toString() : new ipaddr.IPv6((address as ipaddr.IPv6).parts).toRFC5952String();
}

/**
 * The client's address: `peer` (the socket's remote address) unless it is a trusted
 * proxy, then the right-most address of `forwardedFor` that is not a trusted proxy (the
 * left-most one when every hop is trusted). Never throws; an unreadable header gives the
 * peer. Addresses come back canonical (`::ffff:10.0.0.1` as `10.0.0.1`).
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | readonly string[] | undefined, trusted: TrustedProxies): string {
  const peerCanonical = peer === undefined ? undefined : canonicalPeer(peer);
  const peerText = peerCanonical ?? peer ?? '';
  if (trusted.isEmpty || peerCanonical === undefined || !trusted.trusts(peerText) || forwardedFor === undefined) return peerText;
  // Several X-Forwarded-For headers read as one list, in order (RFC 9110 field combination).
  const hops = (typeof forwardedFor === 'string' ? forwardedFor : forwardedFor.join(',')).split(',').map((h) => h.trim());
  if (hops.length === 1 && hops[0] === '') return peerText;
  let client = peerText;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = ipAddress(hops[i]!);
    if (hop === undefined) return peerText;
    client = canonical(hop);
    if (!trusted.trusts(client)) return client;
  }
  return client;
}

/** class-validator rule of a trusted-proxy list: the message names the entry and the fix. */
export function IsTrustedProxyList(variable: string, options?: ValidationOptions): PropertyDecorator {
  const problem = (value: unknown): string | undefined => {
    if (typeof value !== 'string') return `${variable} must be a comma-separated list of IP addresses and CIDR ranges`;
    try {
      TrustedProxies.parse(value, variable);
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  };
  return ValidateBy(
    {
      name: 'isTrustedProxyList',
      validator: {
        validate: (value: unknown) => problem(value) === undefined,
        defaultMessage: (args) => problem(args?.value) ?? `${variable} must be a comma-separated list of IP addresses and CIDR ranges`,
      },
    },
    options,
  );
}
