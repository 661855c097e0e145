/**
 * The platform's own endpoints: Model Garden's services (their HTTP, gRPC, health and
 * metrics ports) and the infrastructure they use (PostgreSQL, Redis, Kafka). A tenant's
 * base URL must never reach them, even when the allowlist opens their address (as
 * `127.0.0.1:*` does on a developer machine): a model pointing at the gateway would
 * recurse, one pointing at Redis or the registry would talk to the platform's insides
 * with the platform's own network position.
 *
 * Two kinds of entries:
 * - local ports: the ports this machine's services listen on. Refused on every address
 *   of this machine (loopback, 0.0.0.0/::, and the addresses of its network interfaces).
 * - endpoints `host:port` (or URLs such as `postgres://db:5432/x`, `redis://cache:6379`):
 *   refused when the destination is that address and port, or that hostname and port, or
 *   (checked when a name is resolved) an address that hostname resolves to, on that port.
 */
import { networkInterfaces } from 'node:os';
import { AddressClassification, parseIpAddress } from './address-classifier';
import { normalizeHostname } from './allowlist';

export const OUTBOUND_PLATFORM_ENDPOINTS_ENV = 'OUTBOUND_PLATFORM_ENDPOINTS';

export interface PlatformEndpoint {
  /** Canonical IP address, or lower-case hostname without trailing dot. */
  readonly host: string;
  readonly port: number;
  /** True when `host` is a hostname (its addresses are learnt by resolving it). */
  readonly named: boolean;
}

export interface PlatformEndpoints {
  readonly localPorts: ReadonlySet<number>;
  readonly endpoints: readonly PlatformEndpoint[];
  /**
   * True when the address (reached through `hostname`, if any) on `port` is one of the
   * platform's endpoints. `resolvedNames` are the named endpoints on that port whose
   * addresses include this one (see `namedEndpointsOnPort`).
   */
  includes(address: AddressClassification, port: number, hostname?: string, resolvedNames?: ReadonlySet<string>): boolean;
  /** Named endpoints on this port (the hostnames to resolve to compare addresses). */
  namedEndpointsOnPort(port: number): readonly string[];
}

/** A bad platform endpoint (configuration): names the variable, the entry and the fix. */
export class PlatformEndpointError extends Error {
  constructor(source: string, entry: string, reason: string) {
    super(`${source} entry "${entry}" ${reason}`);
    this.name = 'PlatformEndpointError';
  }
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = {
  'http:': 80,
  'https:': 443,
  'postgres:': 5432,
  'postgresql:': 5432,
  'redis:': 6379,
  'rediss:': 6379,
};

/** Reads `host:port`, `[v6]:port` or a URL with a host (and a port or a known scheme). */
export function parsePlatformEndpoint(text: string, source: string = OUTBOUND_PLATFORM_ENDPOINTS_ENV): PlatformEndpoint {
  const entry = text.trim();
  let host: string;
  let portText: string;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry)) {
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw new PlatformEndpointError(source, '(a URL)', 'is not a valid URL; write host:port, e.g. registry:3000.');
    }
    host = url.hostname;
    portText = url.port === '' ? String(DEFAULT_PORTS[url.protocol] ?? '') : url.port;
  } else {
    const match = /^(\[[^\]]+\]|[^:[\]]+):(\d{1,5})$/.exec(entry);
    if (!match) throw new PlatformEndpointError(source, entry, 'is not host:port; write e.g. registry:3000, 127.0.0.1:50051 or [::1]:3002.');
    host = match[1];
    portText = match[2];
  }
  const port = Number(portText);
  if (portText === '' || !Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new PlatformEndpointError(source, entry.replace(/\/\/[^@/]*@/, '//'), 'has no valid port (1 to 65535).');
  }
  const literal = parseIpAddress(host);
  if (literal) return { host: literal.address, port, named: false };
  const name = normalizeHostname(host);
  if (name === '') throw new PlatformEndpointError(source, entry, 'has no host.');
  return { host: name, port, named: true };
}

const INTERFACES_REFRESH_MS = 30_000;
let interfaces: { readonly addresses: ReadonlySet<string>; readonly at: number } | undefined;

/** The addresses of this machine's network interfaces (canonical), refreshed every 30 s. */
function interfaceAddresses(): ReadonlySet<string> {
  if (!interfaces || Date.now() - interfaces.at > INTERFACES_REFRESH_MS) {
    const addresses = new Set<string>();
    for (const list of Object.values(networkInterfaces())) {
      for (const info of list ?? []) {
        const parsed = parseIpAddress(info.address);
        if (parsed) addresses.add(parsed.address);
      }
    }
    interfaces = { addresses, at: Date.now() };
  }
  return interfaces.addresses;
}

function isLocalAddress(address: AddressClassification): boolean {
  if (address.category === 'loopback' || address.category === 'unspecified') return true;
  const local = interfaceAddresses();
  return local.has(address.address) || (address.embedding === 'ipv4-mapped' && address.embeddedIpv4 !== undefined && local.has(address.embeddedIpv4));
}

function isLocalHost(endpoint: PlatformEndpoint): boolean {
  if (endpoint.named) return endpoint.host === 'localhost' || endpoint.host.endsWith('.localhost');
  const parsed = parseIpAddress(endpoint.host);
  if (!parsed) return false;
  const allZero = parsed.bytes.every((b) => b === 0);
  const loopback = parsed.version === 4 ? parsed.bytes[0] === 127 : parsed.address === '::1';
  return allZero || loopback;
}

export interface PlatformEndpointsInput {
  /** Ports this service listens on (HTTP, gRPC, health, metrics). */
  readonly localPorts?: readonly number[];
  /** `host:port` entries or URLs (database, Redis, Kafka brokers, the registry's gRPC address…). */
  readonly endpoints?: readonly string[];
  /** More `host:port` entries from `OUTBOUND_PLATFORM_ENDPOINTS` (comma or whitespace separated). */
  readonly extra?: string;
}

/**
 * Builds the set of platform endpoints. An endpoint on a local address (loopback,
 * 0.0.0.0, `localhost`) also makes its port a local port: a service bound to 0.0.0.0 is
 * reachable on every address of the machine. Throws `PlatformEndpointError` naming a bad
 * entry.
 */
export function createPlatformEndpoints(input: PlatformEndpointsInput): PlatformEndpoints {
  const endpoints: PlatformEndpoint[] = [];
  for (const text of input.endpoints ?? []) endpoints.push(parsePlatformEndpoint(text, 'platform endpoint'));
  for (const text of (input.extra ?? '').split(/[\s,]+/).filter((t) => t !== '')) endpoints.push(parsePlatformEndpoint(text));
  const localPorts = new Set<number>(input.localPorts ?? []);
  for (const endpoint of endpoints) if (isLocalHost(endpoint)) localPorts.add(endpoint.port);

  return Object.freeze({
    localPorts,
    endpoints: Object.freeze(endpoints),
    includes(address: AddressClassification, port: number, hostname?: string, resolvedNames?: ReadonlySet<string>): boolean {
      if (localPorts.has(port) && isLocalAddress(address)) return true;
      const name = hostname === undefined ? undefined : normalizeHostname(hostname);
      return endpoints.some(
        (e) =>
          e.port === port &&
          (e.named ? e.host === name || (resolvedNames?.has(e.host) ?? false) : e.host === address.address || e.host === address.embeddedIpv4),
      );
    },
    namedEndpointsOnPort(port: number): readonly string[] {
      return endpoints.filter((e) => e.named && e.port === port && !isLocalHost(e)).map((e) => e.host);
    },
  });
}

/** The configuration every platform service has: its Kafka brokers, Redis and the extra list. */
export interface PlatformEndpointsConfig {
  readonly KAFKA_BROKERS: readonly string[];
  readonly REDIS_URL: string;
  readonly OUTBOUND_PLATFORM_ENDPOINTS: string;
}

/**
 * A service's platform endpoints: its own listening ports and the endpoints of its
 * configuration (Kafka brokers, Redis, plus `own.endpoints` such as the database or the
 * registry's gRPC address), and `OUTBOUND_PLATFORM_ENDPOINTS` for the rest (the other
 * services' ports). Throws `PlatformEndpointError` at boot for a bad entry.
 */
export function platformEndpointsFromConfig(
  config: PlatformEndpointsConfig,
  own: { readonly localPorts: readonly number[]; readonly endpoints?: readonly string[] },
): PlatformEndpoints {
  return createPlatformEndpoints({
    localPorts: own.localPorts,
    endpoints: [...config.KAFKA_BROKERS, config.REDIS_URL, ...(own.endpoints ?? [])],
    extra: config.OUTBOUND_PLATFORM_ENDPOINTS,
  });
}
