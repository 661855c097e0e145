/**
 * The outbound allowlist (`OUTBOUND_ALLOWLIST`): the forbidden destinations an operator
 * chooses to open, for example a mock provider on loopback or a vLLM server on a private
 * network.
 *
 * Entries are separated by commas (whitespace and newlines also separate):
 * - an exact hostname (`localhost`, `mock.internal`): any address that this name resolves
 *   to is allowed, when the request's host is that name. Matching ignores case and one
 *   trailing dot. No wildcards.
 * - an IP address (`127.0.0.1`, `::1`) or a CIDR (`127.0.0.0/8`, `fd00::/8`): that address
 *   or range is allowed whatever hostname led to it. IPv4 entries also match the same
 *   address in IPv4-mapped IPv6 form (`::ffff:127.0.0.1`).
 *
 * Cloud metadata addresses (169.254.169.254, fd00:ec2::254, …) are only opened by an
 * entry naming that exact address (`169.254.169.254` or `169.254.169.254/32`): never by a
 * hostname entry, never by a wider CIDR, not even `0.0.0.0/0`.
 *
 * Entries must be canonical: `10/8` or `0x7f.1` are refused rather than guessed at.
 */
import {
  AddressCategory,
  bytesMatchPrefix,
  classifyIpAddress,
  isForbiddenCategory,
  parseCanonicalIpv4,
  parseIpAddress,
  parseIpv4ToNumber,
} from './address-classifier';

export const OUTBOUND_ALLOWLIST_ENV = 'OUTBOUND_ALLOWLIST';

export interface AllowlistNetwork {
  /** The entry as written. */
  readonly entry: string;
  readonly version: 4 | 6;
  readonly bytes: Uint8Array;
  readonly prefixLength: number;
}

export interface OutboundAllowlist {
  /** Lower-case hostnames without trailing dot. */
  readonly hostnames: ReadonlySet<string>;
  readonly networks: readonly AllowlistNetwork[];
  /** Every entry as written, in order. */
  readonly entries: readonly string[];
}

export const EMPTY_ALLOWLIST: OutboundAllowlist = Object.freeze({
  hostnames: new Set<string>(),
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

/** Lower case, without brackets and without one trailing dot. */
export function normalizeHostname(hostname: string): string {
  let host = hostname.trim().toLowerCase();
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host.endsWith('.')) host = host.slice(0, -1);
  return host;
}

function parseNetwork(entry: string): AllowlistNetwork {
  const slash = entry.indexOf('/');
  const addressText = slash === -1 ? entry : entry.slice(0, slash);
  const lengthText = slash === -1 ? undefined : entry.slice(slash + 1);
  const unbracketed = addressText.startsWith('[') && addressText.endsWith(']') ? addressText.slice(1, -1) : addressText;

  let version: 4 | 6;
  let bytes: Uint8Array;
  if (unbracketed.includes(':')) {
    if (unbracketed.includes('%')) throw new OutboundAllowlistError(entry, 'has a zone id (%…); zone ids are not supported.');
    const parsed = parseIpAddress(unbracketed);
    if (!parsed || parsed.version !== 6) {
      throw new OutboundAllowlistError(
        entry,
        'is not a valid IPv6 address or CIDR. Write a hostname, an IP address or a CIDR without scheme or port, e.g. mock.internal, ::1 or fd00::/8.',
      );
    }
    version = 6;
    bytes = parsed.bytes;
  } else {
    const value = parseCanonicalIpv4(unbracketed);
    if (value === null) {
      const lenient = parseIpv4ToNumber(unbracketed);
      const hint = lenient === null ? '' : ` (it would be read as ${parseIpAddress(unbracketed)?.address})`;
      throw new OutboundAllowlistError(
        entry,
        `is not a valid IPv4 address or CIDR${hint}. Write four decimal parts, e.g. 10.0.0.0/8 or 127.0.0.1.`,
      );
    }
    version = 4;
    bytes = Uint8Array.of((value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
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
  const masked = new Uint8Array(bytes.length);
  for (let bit = 0; bit < prefixLength; bit += 1) {
    const byte = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    masked[byte] |= bytes[byte] & mask;
  }
  if (!masked.every((b, i) => b === bytes[i])) {
    const network = parseIpAddress(
      version === 4 ? Array.from(masked).join('.') : Array.from({ length: 8 }, (_, i) => ((masked[i * 2] << 8) | masked[i * 2 + 1]).toString(16)).join(':'),
    );
    throw new OutboundAllowlistError(entry, `has bits set after the /${prefixLength} prefix; did you mean ${network?.address}/${prefixLength}?`);
  }
  return { entry, version, bytes, prefixLength };
}

function parseHostnameEntry(entry: string): string {
  if (entry.includes('*')) {
    throw new OutboundAllowlistError(entry, 'uses a wildcard; wildcards are not supported, list each hostname.');
  }
  if (/[:/@?#]/.test(entry)) {
    throw new OutboundAllowlistError(
      entry,
      'is not a hostname, IP address or CIDR. Write the host alone, without scheme, port or path, e.g. mock.internal.',
    );
  }
  const host = normalizeHostname(entry);
  const labels = host.split('.');
  if (host.length === 0 || host.length > 253 || !labels.every((label) => HOST_LABEL.test(label))) {
    throw new OutboundAllowlistError(entry, 'is not a valid hostname (letters, digits, "-", "_" and dots).');
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
 * the first invalid entry.
 */
export function parseOutboundAllowlist(raw: string | undefined | null): OutboundAllowlist {
  if (raw === undefined || raw === null || raw.trim() === '') return EMPTY_ALLOWLIST;
  const entries = raw
    .split(/[\s,]+/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const hostnames = new Set<string>();
  const networks: AllowlistNetwork[] = [];
  for (const entry of entries) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry)) {
      throw new OutboundAllowlistError(entry, 'is a URL; write the host alone, without scheme, port or path, e.g. mock.internal.');
    }
    if (/^[^:[\]/]+:\d*$/.test(entry)) {
      throw new OutboundAllowlistError(entry, 'has a port; write the host alone (all ports of an allowed host are allowed).');
    }
    if (entry.includes('/') || entry.includes(':') || /^[0-9.]+$/.test(entry)) {
      networks.push(parseNetwork(entry));
    } else {
      hostnames.add(parseHostnameEntry(entry));
    }
  }
  return Object.freeze({ hostnames, networks: Object.freeze(networks), entries: Object.freeze(entries) });
}

/** Reads and parses `OUTBOUND_ALLOWLIST` from the environment. */
export function loadOutboundAllowlist(env: NodeJS.ProcessEnv = process.env): OutboundAllowlist {
  return parseOutboundAllowlist(env[OUTBOUND_ALLOWLIST_ENV]);
}

/** True when the allowlist names this hostname exactly (case and one trailing dot ignored). */
export function isHostnameAllowlisted(allowlist: OutboundAllowlist, hostname: string): boolean {
  return allowlist.hostnames.size > 0 && allowlist.hostnames.has(normalizeHostname(hostname));
}

/**
 * The allowlist network entry matching the address, if any. Metadata addresses only
 * match an entry naming that exact address.
 */
export function findAllowlistNetwork(
  allowlist: OutboundAllowlist,
  address: string,
): AllowlistNetwork | undefined {
  if (allowlist.networks.length === 0) return undefined;
  const classification = classifyIpAddress(address);
  if (!classification) return undefined;
  const candidates: Array<{ version: 4 | 6; bytes: Uint8Array }> = [classification];
  if (classification.embedding === 'ipv4-mapped') {
    candidates.push({ version: 4, bytes: classification.bytes.slice(12) });
  }
  const exactOnly = classification.category === 'metadata';
  return allowlist.networks.find((network) =>
    candidates.some(
      (candidate) =>
        candidate.version === network.version &&
        (!exactOnly || network.prefixLength === (network.version === 4 ? 32 : 128)) &&
        bytesMatchPrefix(candidate.bytes, network.bytes, network.prefixLength),
    ),
  );
}

export type AddressDecisionBasis = 'public' | 'allowlisted-address' | 'allowlisted-hostname';

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
    };

export interface AddressPolicyOptions {
  readonly allowlist?: OutboundAllowlist;
  /** The hostname that resolved to this address (not set for IP-literal hosts). */
  readonly hostname?: string;
}

/**
 * The policy: an address is allowed if it is public, or an allowlist IP/CIDR entry
 * matches it, or it was reached through an allowlisted hostname (metadata addresses
 * excepted, see above). Anything that is not an IP address is refused.
 */
export function evaluateAddress(address: string, options: AddressPolicyOptions = {}): AddressDecision {
  const allowlist = options.allowlist ?? EMPTY_ALLOWLIST;
  const classification = classifyIpAddress(address);
  if (!classification) return { allowed: false, address, category: 'reserved', valid: false };
  const { category } = classification;
  const canonical = classification.address;
  if (!isForbiddenCategory(category)) return { allowed: true, address: canonical, category, basis: 'public' };
  const network = findAllowlistNetwork(allowlist, canonical);
  if (network) {
    return { allowed: true, address: canonical, category, basis: 'allowlisted-address', allowlistEntry: network.entry };
  }
  if (category !== 'metadata' && options.hostname !== undefined && isHostnameAllowlisted(allowlist, options.hostname)) {
    return {
      allowed: true,
      address: canonical,
      category,
      basis: 'allowlisted-hostname',
      allowlistEntry: normalizeHostname(options.hostname),
    };
  }
  return { allowed: false, address: canonical, category, valid: true };
}
