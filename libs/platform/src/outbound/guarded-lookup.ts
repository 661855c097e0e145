/**
 * A `lookup` for `net.connect` / `tls.connect` that only ever hands the socket addresses
 * the outbound policy allows. Because the check runs inside the connect itself, on the
 * very answer the socket will use, a DNS answer that changes between a pre-check and the
 * connection (DNS rebinding) cannot slip through.
 */
import type { LookupAddress, LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { AddressCategory, classifyIpAddress } from './address-classifier';
import { AddressDecision, AddressDecisionBasis, EMPTY_ALLOWLIST, OutboundAllowlist, evaluateAddress, normalizeHostname } from './allowlist';
import { OutboundBlockedError } from './outbound.exception';
import type { PlatformEndpoints } from './platform-endpoints';
import { DEFAULT_DNS_TIMEOUT_MS, defaultHostResolver, HostResolutionError, HostResolver, resolveHost, ResolvedAddress } from './resolver';

export interface OutboundPolicyOptions {
  /** Forbidden destinations the operator opened (default: none). */
  readonly allowlist?: OutboundAllowlist;
  /** DNS resolver (default: `defaultHostResolver`: hosts file, then c-ares; A and AAAA). */
  readonly resolver?: HostResolver;
  /** Deadline for one resolution (default 5 000 ms). */
  readonly dnsTimeoutMs?: number;
  /** Called for every refusal, before the error is returned: for logs and metrics. */
  readonly onBlocked?: (error: OutboundBlockedError) => void;
  /** The platform's own endpoints: refused whatever the allowlist opens. */
  readonly platform?: PlatformEndpoints;
}

export interface HostCheckOptions extends OutboundPolicyOptions {
  /**
   * The destination port. Allowlist entries name ports; without one, only `*` entries open
   * a forbidden address (a bare lookup fails closed).
   */
  readonly port?: number;
}

export interface CheckedAddress {
  readonly address: string;
  readonly family: 4 | 6;
  readonly category: AddressCategory;
  readonly basis: AddressDecisionBasis;
}

export type EvaluatedAddress = AddressDecision & { readonly family: 4 | 6 };

export interface HostEvaluation {
  /** Normalized hostname (lower case, no brackets, no trailing dot). */
  readonly hostname: string;
  /** True when the host was an IP literal (no DNS query was made). */
  readonly literal: boolean;
  readonly addresses: readonly EvaluatedAddress[];
}

/**
 * Resolves a host (IP literals in any spelling are parsed, not resolved) and evaluates
 * every address against the policy. Rejects with a `HostResolutionError`-like error when
 * the name does not resolve.
 */
export async function evaluateHost(host: string, options: HostCheckOptions = {}): Promise<HostEvaluation> {
  const allowlist = options.allowlist ?? EMPTY_ALLOWLIST;
  const { platform, port } = options;
  const hostname = normalizeHostname(host);
  const literal = classifyIpAddress(hostname);
  if (literal) {
    return {
      hostname,
      literal: true,
      addresses: [{ ...evaluateAddress(literal.address, { allowlist, port, platform }), family: literal.version }],
    };
  }
  // The resolver gets the name as written (a trailing dot keeps its meaning: no search
  // domains); the allowlist compares the normalized name.
  const resolver = options.resolver ?? defaultHostResolver;
  const timeoutMs = options.dnsTimeoutMs ?? DEFAULT_DNS_TIMEOUT_MS;
  const query = host.trim().replace(/^\[(.*)\]$/, '$1');
  const answers = await resolveHost(resolver, query, timeoutMs);
  const platformAnswers = await resolvePlatformNames(platform, port, resolver, timeoutMs);
  return {
    hostname,
    literal: false,
    addresses: answers.map((answer) => {
      const canonical = classifyIpAddress(answer.address);
      const platformNames = new Set(platformAnswers.filter((p) => p.addresses.has(canonical?.address ?? answer.address)).map((p) => p.name));
      const decision = evaluateAddress(answer.address, { allowlist, hostname, port, platform, platformNames });
      const family: 4 | 6 = canonical?.version ?? answer.family;
      return { ...decision, family };
    }),
  };
}

/**
 * The addresses of the platform's named endpoints on this port (database, Kafka… by
 * name), so a tenant's other name for the same address is refused too. Names that do not
 * resolve are skipped: they cannot be reached through another name either.
 */
async function resolvePlatformNames(
  platform: PlatformEndpoints | undefined,
  port: number | undefined,
  resolver: HostResolver,
  timeoutMs: number,
): Promise<Array<{ name: string; addresses: ReadonlySet<string> }>> {
  if (!platform || port === undefined) return [];
  const names = platform.namedEndpointsOnPort(port);
  return Promise.all(
    names.map(async (name) => {
      const answers: readonly ResolvedAddress[] = await resolveHost(resolver, name, timeoutMs).catch(() => []);
      return { name, addresses: new Set(answers.map((a) => classifyIpAddress(a.address)?.address ?? a.address)) };
    }),
  );
}

/**
 * Resolves a host and returns its addresses only if every one of them is allowed;
 * otherwise rejects with `OutboundBlockedError` for the first forbidden address. One
 * forbidden record refuses the whole answer (the same rule as the URL pre-check): a name
 * that mixes public and private addresses is a misconfiguration or an attack.
 */
export async function resolveGuarded(host: string, options: HostCheckOptions = {}): Promise<CheckedAddress[]> {
  const evaluation = await evaluateHost(host, options);
  const checked: CheckedAddress[] = [];
  for (const decision of evaluation.addresses) {
    if (!decision.allowed) {
      const error = new OutboundBlockedError({
        address: decision.address,
        category: decision.category,
        hostname: evaluation.hostname,
        port: options.port,
        stage: evaluation.literal ? 'literal' : 'lookup',
        reason: decision.reason,
      });
      options.onBlocked?.(error);
      throw error;
    }
    checked.push({ address: decision.address, family: decision.family, category: decision.category, basis: decision.basis });
  }
  return checked;
}

function requestedFamily(family: LookupOptions['family']): 0 | 4 | 6 {
  if (family === 4 || family === 'IPv4') return 4;
  if (family === 6 || family === 'IPv6') return 6;
  return 0;
}

/**
 * A `lookup` function for `net.connect`, `tls.connect` or undici's `connect` options:
 * resolves with the injectable resolver, refuses (with `OutboundBlockedError`) when any
 * address is forbidden and not allowlisted, and returns only checked addresses. Supports
 * both `all: true` (used by Node's happy-eyeballs `autoSelectFamily`) and single answers,
 * and honours the `family` hint.
 *
 * Note that `net.connect` does not call `lookup` for IP-literal hosts: check those before
 * connecting (the guarded connector does). Node gives `lookup` no port, so here only
 * allowlist entries with port `*` open a forbidden address; the guarded connector resolves
 * with the port itself (`resolveGuarded(host, { port })`) and does not rely on this.
 */
export function createGuardedLookup(options: OutboundPolicyOptions = {}): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    resolveGuarded(hostname, options).then(
      (addresses) => {
        const family = requestedFamily(lookupOptions.family);
        const usable = family === 0 ? addresses : addresses.filter((a) => a.family === family);
        // Leave the promise chain before calling back into Node.
        process.nextTick(() => {
          if (usable.length === 0) {
            callback(new HostResolutionError(hostname, 'ENOTFOUND', `${hostname} has no IPv${family} address`), '');
          } else if (lookupOptions.all) {
            const all: LookupAddress[] = usable.map((a) => ({ address: a.address, family: a.family }));
            callback(null, all);
          } else {
            callback(null, usable[0].address, usable[0].family);
          }
        });
      },
      (error: unknown) => {
        const err: NodeJS.ErrnoException =
          error instanceof Error ? error : new HostResolutionError(hostname, 'EUNKNOWN', `DNS lookup of ${hostname} failed`);
        process.nextTick(() => callback(err, ''));
      },
    );
  };
}
