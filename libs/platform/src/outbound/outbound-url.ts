/**
 * Checks a user-supplied URL (a model's base URL) before Model Garden stores or calls
 * it. `validateOutboundUrl` is synchronous and uses no DNS (fit for request validation);
 * `checkOutboundUrl` also resolves the host. Neither replaces the connect-time check of
 * the guarded agent: DNS can change between the check and the call.
 *
 * Messages never repeat the URL itself (it may carry a password or a key in its query);
 * they name the host and address only.
 */
import { AddressCategory, classifyIpAddress, describeCategory } from './address-classifier';
import { checkUrlShape } from '@model-garden/contracts';
import { AddressRefusalReason, EMPTY_ALLOWLIST, evaluateAddress, isHostnameAllowlisted, OutboundAllowlist } from './allowlist';
import { outboundPolicySentence, PLATFORM_ENDPOINT_SENTENCE } from './outbound.exception';
import { CheckedAddress, evaluateHost } from './guarded-lookup';
import type { PlatformEndpoints } from './platform-endpoints';
import { DEFAULT_DNS_TIMEOUT_MS, HostResolver, resolutionErrorCode } from './resolver';

export type OutboundUrlFailureCode =
  | 'invalid_url'
  | 'unsupported_scheme'
  | 'userinfo_not_allowed'
  | 'query_not_allowed'
  | 'fragment_not_allowed'
  | 'endpoint_path_not_allowed'
  | 'forbidden_address'
  | 'unresolvable_host';

export interface OutboundUrlOptions {
  /** Forbidden destinations the operator opened (default: none). */
  readonly allowlist?: OutboundAllowlist;
  /** Refuse a query string (`?…`, even empty). The registry sets it for base URLs. */
  readonly rejectQuery?: boolean;
  /** Refuse a fragment (`#…`, even empty). The registry sets it for base URLs. */
  readonly rejectFragment?: boolean;
  /** How messages name the URL (default "The URL"; the registry uses "The base URL"). */
  readonly label?: string;
  /** The platform's own endpoints: refused whatever the allowlist opens. */
  readonly platform?: PlatformEndpoints;
}

export interface OutboundUrlCheckOptions extends OutboundUrlOptions {
  /** DNS resolver (default: `defaultHostResolver`: hosts file, then c-ares). */
  readonly resolver?: HostResolver;
  /** Deadline for the DNS lookup (default 5 000 ms). */
  readonly dnsTimeoutMs?: number;
}

export interface ValidOutboundUrl {
  readonly ok: true;
  /** The parsed URL (WHATWG-normalized: lower-case scheme and host, canonical IP). */
  readonly url: URL;
  /** `url.href`. */
  readonly href: string;
  /** Lower-case host without brackets or trailing dot. */
  readonly hostname: string;
  /** Set when the host is an IP literal: its canonical address (checked without DNS). */
  readonly ipLiteral?: string;
}

export interface CheckedOutboundUrl extends ValidOutboundUrl {
  /** Every resolved address, each allowed (the IP literal alone for literal hosts). */
  readonly addresses: readonly CheckedAddress[];
}

export interface OutboundUrlFailure {
  readonly ok: false;
  readonly code: OutboundUrlFailureCode;
  /** What is wrong and what to do, for a person. Never contains the URL's secrets. */
  readonly message: string;
  /**
   * For `forbidden_address`: the refused address (or hostname, for `localhost`). For logs:
   * the message names a resolved address only when the URL itself holds it.
   */
  readonly address?: string;
  readonly category?: AddressCategory;
  /** For `unresolvable_host`: the resolver's error code (ENOTFOUND, EAI_AGAIN, ETIMEOUT…). */
  readonly resolutionError?: string;
}

export type OutboundUrlValidation = ValidOutboundUrl | OutboundUrlFailure;
export type OutboundUrlCheck = CheckedOutboundUrl | OutboundUrlFailure;

const DEFAULT_LABEL = 'The URL';

function fail(code: OutboundUrlFailureCode, message: string, extra: Partial<OutboundUrlFailure> = {}): OutboundUrlFailure {
  return { ok: false, code, message, ...extra };
}

/** A refusal of what the URL itself names (an IP literal, `localhost`): the message may repeat it. */
function forbidden(label: string, address: string, category: AddressCategory, reason: AddressRefusalReason = 'forbidden-address'): OutboundUrlFailure {
  const why = reason === 'platform-endpoint' ? `an endpoint of Model Garden itself. ${PLATFORM_ENDPOINT_SENTENCE}` : `${describeCategory(category)}. ${outboundPolicySentence(category)}`;
  return fail('forbidden_address', `${label} points to ${address}, ${why}`, { address, category });
}

/**
 * A refusal of an address the host resolved to: the message says what kind of address,
 * never which (what an internal name resolves to is for the logs, not for a tenant).
 */
function forbiddenResolved(label: string, host: string, address: string, category: AddressCategory, reason: AddressRefusalReason): OutboundUrlFailure {
  const why =
    reason === 'platform-endpoint'
      ? `an endpoint of Model Garden itself. ${PLATFORM_ENDPOINT_SENTENCE}`
      : `${describeCategory(category)}. ${outboundPolicySentence(category)}`;
  return fail('forbidden_address', `${label}'s host ${host} resolves to ${why}`, { address, category });
}

/** The URL's port, or its scheme's default. */
function urlPort(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/** Names that always mean this machine (RFC 6761) or a cloud metadata service. */
function wellKnownCategory(hostname: string): AddressCategory | undefined {
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return 'loopback';
  if (hostname === 'metadata.google.internal' || hostname === 'metadata.goog') return 'metadata';
  return undefined;
}

/**
 * Validates a URL without DNS: the shape checks of `checkUrlShape` (`@model-garden/contracts`,
 * which the studio's forms run too: WHATWG parsing, http(s) only, no user info, optionally
 * no query or fragment, a host), then refuses IP-literal
 * hosts that are forbidden, and names that are loopback or metadata by definition
 * (`localhost`, `*.localhost`, `metadata.google.internal`) unless allowlisted.
 */
export function validateOutboundUrl(raw: string, options: OutboundUrlOptions = {}): OutboundUrlValidation {
  const label = options.label ?? DEFAULT_LABEL;
  const allowlist = options.allowlist ?? EMPTY_ALLOWLIST;
  const shape = checkUrlShape(raw, { ...options, label });
  if (!shape.ok) return fail(shape.code, shape.message);
  const { url, hostname } = shape;
  const port = urlPort(url);
  const literal = classifyIpAddress(hostname);
  if (literal) {
    const decision = evaluateAddress(literal.address, { allowlist, port, platform: options.platform });
    if (!decision.allowed) return forbidden(label, decision.address, decision.category, decision.reason);
    return { ok: true, url, href: url.href, hostname, ipLiteral: literal.address };
  }
  const known = wellKnownCategory(hostname);
  if (known && !isHostnameAllowlisted(allowlist, hostname, port)) {
    return forbidden(label, hostname, known);
  }
  return { ok: true, url, href: url.href, hostname };
}

/**
 * `validateOutboundUrl`, then resolves the host (all A/AAAA records) and refuses the URL
 * when any record is forbidden and not allowlisted, or when the name does not resolve.
 * Sends no traffic to the host. A pass is no guarantee for later: use the guarded agent
 * for the call itself.
 */
export async function checkOutboundUrl(raw: string, options: OutboundUrlCheckOptions = {}): Promise<OutboundUrlCheck> {
  const validation = validateOutboundUrl(raw, options);
  if (!validation.ok) return validation;
  const label = options.label ?? DEFAULT_LABEL;
  let evaluation;
  try {
    evaluation = await evaluateHost(validation.url.hostname, {
      allowlist: options.allowlist ?? EMPTY_ALLOWLIST,
      resolver: options.resolver,
      dnsTimeoutMs: options.dnsTimeoutMs ?? DEFAULT_DNS_TIMEOUT_MS,
      platform: options.platform,
      port: urlPort(validation.url),
    });
  } catch (error: unknown) {
    const code = resolutionErrorCode(error);
    return fail(
      'unresolvable_host',
      `${label}'s host ${validation.hostname} could not be resolved (${code}). Check the spelling of the host, and that its DNS records exist and are reachable from Model Garden.`,
      { resolutionError: code },
    );
  }
  const addresses: CheckedAddress[] = [];
  for (const decision of evaluation.addresses) {
    if (!decision.allowed) {
      return evaluation.literal
        ? forbidden(label, decision.address, decision.category, decision.reason)
        : forbiddenResolved(label, validation.hostname, decision.address, decision.category, decision.reason);
    }
    addresses.push({ address: decision.address, family: decision.family, category: decision.category, basis: decision.basis });
  }
  return { ...validation, addresses };
}
