/**
 * An undici `Agent` for upstream calls that can only reach destinations the outbound
 * policy allows, checked at connect time:
 *
 * 1. IP-literal hosts (`http://127.0.0.1/`, `http://[::1]/`, and any spelling such as
 *    `2130706433` or `0x7f.1` that reaches the connector) are classified before any
 *    socket is opened: `net.connect` skips `lookup` for IP literals, so the connector
 *    checks them itself.
 * 2. Hostnames are resolved by the guarded `lookup`, which hands the socket only checked
 *    addresses: the DNS answer that is checked is the one that is used (no rebinding).
 * 3. After the socket connects, its `remoteAddress` is checked again (defence in depth);
 *    a forbidden peer is destroyed before any HTTP byte is written. For https this check
 *    runs after the TLS handshake (which carries no secret); steps 1–2 run before connect.
 *
 * Redirects: undici's `Agent` and `request` never follow redirects (undici 7 removed
 * `maxRedirections`; following needs the `redirect` interceptor). A 3xx comes back to the
 * caller as-is. `fetch` follows redirects by default: call it with `redirect: 'manual'`.
 * Even when a redirect is followed, every hop connects through this agent and is checked.
 *
 * Proxies: this agent connects directly and ignores HTTP(S)_PROXY; do not wrap it in a
 * proxy agent (the check would then apply to the proxy, not the destination).
 */
import type { Socket } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { Agent, buildConnector } from 'undici';
import { classifyIpAddress } from './address-classifier';
import { EMPTY_ALLOWLIST, evaluateAddress } from './allowlist';
import { isOutboundBlockedError, OutboundBlockedError } from './outbound.exception';
import { createGuardedLookup, OutboundPolicyOptions, resolveGuarded } from './guarded-lookup';

/** TLS options passed to every connection (e.g. `ca` for a private CA). */
export type GuardedTlsOptions = Omit<ConnectionOptions, 'lookup' | 'host' | 'port' | 'path' | 'socket' | 'timeout'>;

export interface GuardedConnectorOptions extends OutboundPolicyOptions {
  /** TCP + TLS connect deadline (default 10 000 ms). */
  readonly connectTimeoutMs?: number;
  readonly tls?: GuardedTlsOptions;
}

export interface GuardedAgentOptions extends GuardedConnectorOptions {
  /** Idle keep-alive socket lifetime when the server sends no hint (default 4 000 ms). */
  readonly keepAliveTimeoutMs?: number;
  /** Ceiling for server keep-alive hints (default 600 000 ms). */
  readonly keepAliveMaxTimeoutMs?: number;
  /** Maximum sockets per origin (default unlimited). */
  readonly connections?: number | null;
  /** Deadline for the response headers (default 300 000 ms; 0 disables). */
  readonly headersTimeoutMs?: number;
  /** Deadline between two body chunks (default 300 000 ms; 0 disables). */
  readonly bodyTimeoutMs?: number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** The destination port of an undici connect call (its default by protocol when empty). */
function connectPort(connectOptions: buildConnector.Options): number {
  const port = Number(connectOptions.port);
  if (Number.isInteger(port) && port > 0) return port;
  return connectOptions.protocol === 'https:' ? 443 : 80;
}

/**
 * Wraps a connector with the IP-literal check (before connecting) and the connected
 * address check (after), both with the destination port. Exposed so other connectors (and
 * tests) can be guarded too.
 */
export function withOutboundAddressCheck(
  base: buildConnector.connector,
  options: OutboundPolicyOptions = {},
): buildConnector.connector {
  const allowlist = options.allowlist ?? EMPTY_ALLOWLIST;
  const { platform } = options;
  const refuse = (error: OutboundBlockedError, callback: buildConnector.Callback): void => {
    options.onBlocked?.(error);
    process.nextTick(() => callback(error, null));
  };

  return (connectOptions, callback) => {
    const requestedHost = connectOptions.hostname;
    const port = connectPort(connectOptions);
    const literal = classifyIpAddress(requestedHost);
    let target = requestedHost;
    if (literal) {
      const decision = evaluateAddress(literal.address, { allowlist, port, platform });
      if (!decision.allowed) {
        refuse(
          new OutboundBlockedError({ address: decision.address, category: decision.category, port, stage: 'literal', reason: decision.reason }),
          callback,
        );
        return;
      }
      // Connect to the canonical form, so the socket uses exactly the address checked.
      target = literal.zoneId === undefined ? literal.address : `${literal.address}%${literal.zoneId}`;
    }

    base({ ...connectOptions, hostname: target }, (error, socket) => {
      if (error || !socket) {
        callback(error ?? new Error('connection failed'), null);
        return;
      }
      const remote = (socket as Socket).remoteAddress;
      const hostname = literal ? undefined : requestedHost;
      const decision = remote === undefined ? undefined : evaluateAddress(remote, { allowlist, hostname, port, platform });
      if (!decision || !decision.allowed) {
        socket.destroy();
        refuse(
          new OutboundBlockedError({
            address: decision?.address ?? 'unknown',
            category: decision?.category ?? 'reserved',
            hostname,
            port,
            stage: 'connected',
            reason: decision?.reason,
          }),
          callback,
        );
        return;
      }
      callback(null, socket);
    });
  };
}

/**
 * Resolves a hostname through the guard with the destination port (allowlist entries
 * name ports; Node's `lookup` is never told the port), then connects to the checked
 * addresses in order until one accepts. The host (and so TLS SNI and certificate checks)
 * stays the name. IP literals pass straight through.
 */
function withGuardedResolution(base: buildConnector.connector, options: OutboundPolicyOptions): buildConnector.connector {
  return (connectOptions, callback) => {
    const requestedHost = connectOptions.hostname;
    if (classifyIpAddress(requestedHost)) {
      base(connectOptions, callback);
      return;
    }
    resolveGuarded(requestedHost, { ...options, port: connectPort(connectOptions) }).then(
      (addresses) => {
        const attempt = (index: number): void => {
          base({ ...connectOptions, hostname: addresses[index].address }, (error, socket) => {
            if (error && index + 1 < addresses.length && !isOutboundBlockedError(error)) {
              attempt(index + 1);
              return;
            }
            if (error || !socket) callback(error ?? new Error('connection failed'), null);
            else callback(null, socket);
          });
        };
        attempt(0);
      },
      (error: unknown) => {
        process.nextTick(() => callback(error instanceof Error ? error : new Error(`DNS lookup of ${requestedHost} failed`), null));
      },
    );
  };
}

/** An undici connector (TCP and TLS) that refuses forbidden destinations. */
export function createGuardedConnector(options: GuardedConnectorOptions = {}): buildConnector.connector {
  const base = buildConnector({
    ...options.tls,
    timeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    // Only ever given checked IP addresses; the guarded lookup stays as a second lock.
    lookup: createGuardedLookup(options),
  });
  return withOutboundAddressCheck(withGuardedResolution(base, options), options);
}

/**
 * A keep-alive pooled undici `Agent` for calls to user-supplied base URLs. A refused
 * destination fails the request with `OutboundBlockedError`
 * (`code: 'outbound_address_forbidden'`; with `fetch` it is the `cause` of the TypeError).
 */
export function createGuardedAgent(options: GuardedAgentOptions = {}): Agent {
  return new Agent({
    connect: createGuardedConnector(options),
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 4_000,
    keepAliveMaxTimeout: options.keepAliveMaxTimeoutMs ?? 600_000,
    connections: options.connections ?? null,
    headersTimeout: options.headersTimeoutMs ?? 300_000,
    bodyTimeout: options.bodyTimeoutMs ?? 300_000,
  });
}
