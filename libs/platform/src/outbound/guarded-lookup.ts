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
import { DEFAULT_DNS_TIMEOUT_MS, HostResolutionError, HostResolver, resolveHost, systemResolver } from './resolver';

export interface OutboundPolicyOptions {
  /** Forbidden destinations the operator opened (default: none). */
  readonly allowlist?: OutboundAllowlist;
  /** DNS resolver (default: the operating system's, all A/AAAA records). */
  readonly resolver?: HostResolver;
  /** Deadline for one resolution (default 5 000 ms). */
  readonly dnsTimeoutMs?: number;
  /** Called for every refusal, before the error is returned: for logs and metrics. */
  readonly onBlocked?: (error: OutboundBlockedError) => void;
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
export async function evaluateHost(host: string, options: OutboundPolicyOptions = {}): Promise<HostEvaluation> {
  const allowlist = options.allowlist ?? EMPTY_ALLOWLIST;
  const hostname = normalizeHostname(host);
  const literal = classifyIpAddress(hostname);
  if (literal) {
    return {
      hostname,
      literal: true,
      addresses: [{ ...evaluateAddress(literal.address, { allowlist }), family: literal.version }],
    };
  }
  // The resolver gets the name as written (a trailing dot keeps its meaning: no search
  // domains); the allowlist compares the normalized name.
  const query = host.trim().replace(/^\[(.*)\]$/, '$1');
  const answers = await resolveHost(options.resolver ?? systemResolver, query, options.dnsTimeoutMs ?? DEFAULT_DNS_TIMEOUT_MS);
  return {
    hostname,
    literal: false,
    addresses: answers.map((answer) => {
      const decision = evaluateAddress(answer.address, { allowlist, hostname });
      const family: 4 | 6 = classifyIpAddress(answer.address)?.version ?? answer.family;
      return { ...decision, family };
    }),
  };
}

/**
 * Resolves a host and returns its addresses only if every one of them is allowed;
 * otherwise rejects with `OutboundBlockedError` for the first forbidden address. One
 * forbidden record refuses the whole answer (the same rule as the URL pre-check): a name
 * that mixes public and private addresses is a misconfiguration or an attack.
 */
export async function resolveGuarded(host: string, options: OutboundPolicyOptions = {}): Promise<CheckedAddress[]> {
  const evaluation = await evaluateHost(host, options);
  const checked: CheckedAddress[] = [];
  for (const decision of evaluation.addresses) {
    if (!decision.allowed) {
      const error = new OutboundBlockedError({
        address: decision.address,
        category: decision.category,
        hostname: evaluation.hostname,
        stage: evaluation.literal ? 'literal' : 'lookup',
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
 * connecting (the guarded connector does).
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
