/**
 * The outbound allowlist (`OUTBOUND_ALLOWLIST`): the forbidden destinations an operator
 * chooses to open, for example a mock provider on loopback or a vLLM server on a private
 * network. Every entry names a host and a port.
 *
 * Entries are separated by commas (whitespace and newlines also separate):
 * - `hostname:port` (`localhost:11434`, `mock.internal:8080`): any address that this name
 *   resolves to is allowed on that port, when the request's host is that name. Matching
 *   ignores case and one trailing dot. No wildcards in names.
 * - `address:port` or `cidr:port` (`127.0.0.1:8080`, `10.0.0.0/8:443`); IPv6 in brackets
 *   (`[::1]:8080`, `[fd00::/8]:443`): that address or range on that port, whatever
 *   hostname led to it. IPv4 entries also match the same address in IPv4-mapped IPv6
 *   form (`::ffff:127.0.0.1`).
 * - the port `*` opens every port (`vllm.internal:*`): what a port-less entry meant before
 *   entries named ports. A port-less entry is refused at boot with the migration hint.
 *
 * Cloud metadata addresses (169.254.169.254, fd00:ec2::254, …) are only opened by an
 * entry naming that exact address (`169.254.169.254:80` or `169.254.169.254/32:*`): never
 * by a hostname entry, never by a wider CIDR, not even `0.0.0.0/0:*`.
 *
 * Entries must be canonical: `10/8:*` or `0x7f.1:80` are refused rather than guessed at.
 */
import ipaddr from 'ipaddr.js';
import {
  AddressCategory,
  classifyIpAddress,
  inRange,
  IpAddressValue,
  isForbiddenCategory,
  parseIpAddress,
  parseIpAddressValue,
} from './address-classifier';
import type { PlatformEndpoints } from './platform-endpoints';
import { bareHostname } from '@model-garden/contracts';

export const OUTBOUND_ALLOWLIST_ENV = 'OUTBOUND_ALLOWLIST';

/** The port an entry opens: one port, or `*` for every port. */
export type AllowlistPort = number | '*';

export interface AllowlistNetwork {
  /** The entry as written. */
  readonly entry: string;
  readonly version: 4 | 6;
  /** The network address and prefix length (ipaddr.js). */
  readonly range: [IpAddressValue, number];
  readonly prefixLength: number;
  readonly port: AllowlistPort;
}

export interface AllowlistHost {
  /** The entry as written. */
  readonly entry: string;
  /** Lower case, without trailing dot. */
  readonly hostname: string;
  readonly port: AllowlistPort;
}

export interface OutboundAllowlist {
  /** Every hostname some entry names (lower case, without trailing dot), whatever its port. */
  readonly hostnames: ReadonlySet<string>;
  readonly hosts: readonly AllowlistHost[];
  readonly networks: readonly AllowlistNetwork[];
  /** Every entry as written, in order. */
  readonly entries: readonly string[];
}

export const EMPTY_ALLOWLIST: OutboundAllowlist = Object.freeze({
  hostnames: new Set<string>(),
  hosts: Object.freeze([]) as readonly AllowlistHost[],
  networks: Object.freeze([]) as readonly AllowlistNetwork[],
  entries: Object.freeze([]) as readonly string[],
});

/** A bad allowlist entry; the message names the entry and says how to fix it. */
export class OutboundAllowlistError extends Error {
  readonly entry: string;

  constructor(entry: string, reason: string) {
    super(`${OUTBOUND_ALLOWLIST_ENV} entry "${entry}" ${reason}`);
    this.name = 'OutboundAllowlistError';
    this.entry = entry;
  }
}

const HOST_LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

/** Lower case, without brackets and without one trailing dot (the contracts' one definition). */
export const normalizeHostname = bareHostname;

/** The error for an entry written before entries named ports. */
function missingPort(entry: string, hostPart: string): OutboundAllowlistError {
  return new OutboundAllowlistError(
    entry,
    `names no port. Entries name a host and a port: write "${hostPart}:8080" for one port, or "${hostPart}:*" for every port (what an entry without a port meant before).`,
  );
}

function parsePort(entry: string, text: string): AllowlistPort {
  if (text === '*') return '*';
  if (/^\d{1,5}$/.test(text) && Number(text) >= 1 && Number(text) <= 65_535) return Number(text);
  throw new OutboundAllowlistError(entry, `has an invalid port "${text.slice(0, 16)}"; use 1 to 65535, or * for every port.`);
}

/** Splits `host:port`, `[v6]:port`, `[v6/len]:port`; refuses an entry without a port. */
function splitEntry(entry: string): { host: string; port: AllowlistPort; bracketed: boolean } {
  if (entry.startsWith('[')) {
    const close = entry.indexOf(']');
    if (close === -1) throw new OutboundAllowlistError(entry, 'opens a "[" it does not close; write IPv6 entries as [::1]:8080 or [fd00::/8]:443.');
    const host = entry.slice(1, close);
    const rest = entry.slice(close + 1);
    if (rest === '') throw missingPort(entry, entry);
    if (!rest.startsWith(':')) throw new OutboundAllowlistError(entry, 'has text after "]" that is not ":port"; write IPv6 entries as [::1]:8080 or [fd00::/8]:443.');
    return { host, port: parsePort(entry, rest.slice(1)), bracketed: true };
  }
  const colons = entry.split(':').length - 1;
  if (colons === 0) throw missingPort(entry, entry);
  if (colons > 1) {
    // A bare IPv6 address or range: brackets are needed to tell it from its port.
    throw new OutboundAllowlistError(
      entry,
      `is an IPv6 address or range without brackets. Write it in brackets with a port: "[${entry}]:8080" for one port, or "[${entry}]:*" for every port.`,
    );
  }
  const colon = entry.indexOf(':');
  return { host: entry.slice(0, colon), port: parsePort(entry, entry.slice(colon + 1)), bracketed: false };
}

function parseNetwork(entry: string, text: string, version: 4 | 6, port: AllowlistPort): AllowlistNetwork {
  const slash = text.indexOf('/');
  const addressText = slash === -1 ? text : text.slice(0, slash);
  const lengthText = slash === -1 ? undefined : text.slice(slash + 1);

  let address: IpAddressValue;
  if (version === 6) {
    if (addressText.includes('%')) throw new OutboundAllowlistError(entry, 'has a zone id (%…); zone ids are not supported.');
    const parsed = parseIpAddressValue(addressText);
    if (!parsed || parsed.kind() !== 'ipv6') {
      throw new OutboundAllowlistError(entry, 'is not a valid IPv6 address or CIDR. Write it in brackets with a port, e.g. [::1]:8080 or [fd00::/8]:443.');
    }
    address = parsed;
  } else {
    if (!ipaddr.IPv4.isValidFourPartDecimal(addressText)) {
      const lenient = parseIpAddress(addressText);
      const hint = lenient === null ? '' : ` (it would be read as ${lenient.address})`;
      throw new OutboundAllowlistError(entry, `is not a valid IPv4 address or CIDR${hint}. Write four decimal parts and a port, e.g. 10.0.0.0/8:443 or 127.0.0.1:8080.`);
    }
    address = ipaddr.IPv4.parse(addressText);
  }

  const maxLength = version === 4 ? 32 : 128;
  let prefixLength = maxLength;
  if (lengthText !== undefined) {
    if (!/^\d{1,3}$/.test(lengthText) || Number(lengthText) > maxLength) {
      throw new OutboundAllowlistError(entry, `has an invalid prefix length; use 0 to ${maxLength}.`);
    }
    prefixLength = Number(lengthText);
  }
  // Bits after the prefix must be zero: "127.0.0.1/8" is most likely a typo.
  const network =
    version === 4
      ? ipaddr.IPv4.networkAddressFromCIDR(`${address.toString()}/${prefixLength}`)
      : ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/${prefixLength}`);
  if (network.toString() !== address.toString()) {
    throw new OutboundAllowlistError(entry, `has bits set after the /${prefixLength} prefix; did you mean ${network.toString()}/${prefixLength}?`);
  }
  return { entry, version, range: [address, prefixLength], prefixLength, port };
}

function parseHostname(entry: string, text: string): string {
  if (text.includes('*')) {
    throw new OutboundAllowlistError(entry, 'uses a wildcard in the name; wildcards are not supported, list each hostname.');
  }
  if (/[/@?#]/.test(text)) {
    throw new OutboundAllowlistError(entry, 'is not a host and port. Write the host and port alone, without scheme or path, e.g. mock.internal:8080.');
  }
  const host = normalizeHostname(text);
  const labels = host.split('.');
  if (host.length === 0 || host.length > 253 || !labels.every((label) => HOST_LABEL.test(label))) {
    throw new OutboundAllowlistError(entry, 'is not a valid hostname (letters, digits, "-", "_" and dots) with a port.');
  }
  const lenient = parseIpAddress(host);
  if (lenient || /^[0-9]+$/.test(labels[labels.length - 1]) || /^0x[0-9a-f]*$/.test(labels[labels.length - 1])) {
    const hint = lenient ? `; write it as ${lenient.address}` : '';
    throw new OutboundAllowlistError(entry, `looks like a non-canonical IP address${hint}.`);
  }
  return host;
}

/**
 * Parses an allowlist string (the value of `OUTBOUND_ALLOWLIST`). Empty or missing means
 * no exception: only public addresses are called. Throws `OutboundAllowlistError` naming
 * the first invalid entry (an entry without a port included, with the migration hint).
 */
export function parseOutboundAllowlist(raw: string | undefined | null): OutboundAllowlist {
  if (raw === undefined || raw === null || raw.trim() === '') return EMPTY_ALLOWLIST;
  const entries = raw
    .split(/[\s,]+/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const hostnames = new Set<string>();
  const hosts: AllowlistHost[] = [];
  const networks: AllowlistNetwork[] = [];
  for (const entry of entries) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry)) {
      throw new OutboundAllowlistError(entry, 'is a URL; write the host and port alone, without scheme or path, e.g. mock.internal:8080.');
    }
    const { host, port, bracketed } = splitEntry(entry);
    if (bracketed) {
      if (!host.includes(':')) throw new OutboundAllowlistError(entry, `puts an IPv4 address in brackets; write it without them, e.g. ${host}:${port}.`);
      networks.push(parseNetwork(entry, host, 6, port));
    } else if (host.includes('/') || /^[0-9.]+$/.test(host)) {
      networks.push(parseNetwork(entry, host, 4, port));
    } else {
      const hostname = parseHostname(entry, host);
      hostnames.add(hostname);
      hosts.push({ entry, hostname, port });
    }
  }
  return Object.freeze({ hostnames, hosts: Object.freeze(hosts), networks: Object.freeze(networks), entries: Object.freeze(entries) });
}

/** Reads and parses `OUTBOUND_ALLOWLIST` from the environment. */
export function loadOutboundAllowlist(env: NodeJS.ProcessEnv = process.env): OutboundAllowlist {
  return parseOutboundAllowlist(env[OUTBOUND_ALLOWLIST_ENV]);
}

/**
 * Whether an entry's port opens `port`. A port that is not known (a lookup without a
 * connection) is only opened by `*` entries: fail closed.
 */
function portMatches(entryPort: AllowlistPort, port: number | undefined): boolean {
  return entryPort === '*' || entryPort === port;
}

/**
 * The hostname entry naming this hostname exactly (case and one trailing dot ignored)
 * with this port, if any.
 */
export function findAllowlistHost(allowlist: OutboundAllowlist, hostname: string, port?: number): AllowlistHost | undefined {
  if (allowlist.hosts.length === 0) return undefined;
  const name = normalizeHostname(hostname);
  return allowlist.hosts.find((host) => host.hostname === name && portMatches(host.port, port));
}

/** True when an entry names this hostname exactly (case and one trailing dot ignored) with this port. */
export function isHostnameAllowlisted(allowlist: OutboundAllowlist, hostname: string, port?: number): boolean {
  return findAllowlistHost(allowlist, hostname, port) !== undefined;
}

/**
 * The allowlist network entry matching the address and port, if any. Metadata addresses
 * only match an entry naming that exact address.
 */
export function findAllowlistNetwork(allowlist: OutboundAllowlist, address: string, port?: number): AllowlistNetwork | undefined {
  if (allowlist.networks.length === 0) return undefined;
  const classification = classifyIpAddress(address);
  const value = parseIpAddressValue(address);
  if (!classification || !value) return undefined;
  const candidates: IpAddressValue[] = [value];
  if (classification.embedding === 'ipv4-mapped') candidates.push((value as ipaddr.IPv6).toIPv4Address());
  const exactOnly = classification.category === 'metadata';
  return allowlist.networks.find(
    (network) =>
      portMatches(network.port, port) &&
      (!exactOnly || network.prefixLength === (network.version === 4 ? 32 : 128)) &&
      candidates.some((candidate) => inRange(candidate, network.range)),
  );
}

export type AddressDecisionBasis = 'public' | 'allowlisted-address' | 'allowlisted-hostname';

/** Why an address was refused: its category, or because it is one of the platform's own endpoints. */
export type AddressRefusalReason = 'forbidden-address' | 'platform-endpoint';

export type AddressDecision =
  | {
      readonly allowed: true;
      /** Canonical address. */
      readonly address: string;
      readonly category: AddressCategory;
      readonly basis: AddressDecisionBasis;
      /** The allowlist entry that opened a forbidden address. */
      readonly allowlistEntry?: string;
    }
  | {
      readonly allowed: false;
      /** Canonical address, or the input when it is not an IP address. */
      readonly address: string;
      readonly category: AddressCategory;
      /** False when the input was not an IP address at all (refused, fail closed). */
      readonly valid: boolean;
      readonly reason: AddressRefusalReason;
    };

export interface AddressPolicyOptions {
  readonly allowlist?: OutboundAllowlist;
  /** The hostname that resolved to this address (not set for IP-literal hosts). */
  readonly hostname?: string;
  /** The destination port. Unknown (a lookup alone): only `*` entries open a forbidden address. */
  readonly port?: number;
  /** The platform's own endpoints: never upstreams, whatever the allowlist says. */
  readonly platform?: PlatformEndpoints;
  /** Named platform endpoints (on `port`) found to resolve to this address. */
  readonly platformNames?: ReadonlySet<string>;
}

/**
 * The policy: an address is allowed if it is public, or an allowlist IP/CIDR entry
 * matches it and the port, or it was reached through a hostname an entry names with the
 * port (metadata addresses excepted, see above); never when it is one of the platform's
 * own endpoints. Anything that is not an IP address is refused.
 */
export function evaluateAddress(address: string, options: AddressPolicyOptions = {}): AddressDecision {
  const allowlist = options.allowlist ?? EMPTY_ALLOWLIST;
  const classification = classifyIpAddress(address);
  if (!classification) return { allowed: false, address, category: 'reserved', valid: false, reason: 'forbidden-address' };
  const { category } = classification;
  const canonical = classification.address;
  if (options.platform && options.port !== undefined && options.platform.includes(classification, options.port, options.hostname, options.platformNames)) {
    return { allowed: false, address: canonical, category, valid: true, reason: 'platform-endpoint' };
  }
  if (!isForbiddenCategory(category)) return { allowed: true, address: canonical, category, basis: 'public' };
  const network = findAllowlistNetwork(allowlist, canonical, options.port);
  if (network) {
    return { allowed: true, address: canonical, category, basis: 'allowlisted-address', allowlistEntry: network.entry };
  }
  const host = category !== 'metadata' && options.hostname !== undefined ? findAllowlistHost(allowlist, options.hostname, options.port) : undefined;
  if (host) return { allowed: true, address: canonical, category, basis: 'allowlisted-hostname', allowlistEntry: host.entry };
  return { allowed: false, address: canonical, category, valid: true, reason: 'forbidden-address' };
}
