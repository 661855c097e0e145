import { AddressCategory, describeCategory } from './address-classifier';
import { type AddressRefusalReason, OUTBOUND_ALLOWLIST_ENV } from './allowlist';

export const OUTBOUND_ADDRESS_FORBIDDEN = 'outbound_address_forbidden';

/** The sentence every refusal ends with: what the policy is and how to open an exception. */
export function outboundPolicySentence(category: AddressCategory): string {
  return category === 'metadata'
    ? `Model Garden never calls cloud metadata services unless ${OUTBOUND_ALLOWLIST_ENV} names that exact address.`
    : `Model Garden does not call private, loopback or link-local addresses unless ${OUTBOUND_ALLOWLIST_ENV} names them.`;
}

/** Where the guard refused the destination. */
export type OutboundBlockStage =
  /** the URL's host is an IP literal */
  | 'literal'
  /** a resolved address of the host */
  | 'lookup'
  /** the address the socket actually connected to */
  | 'connected';

/** The sentence for a refused platform endpoint. */
export const PLATFORM_ENDPOINT_SENTENCE = "Model Garden never calls its own services or infrastructure: a model's base URL cannot point at the platform itself.";

/**
 * Thrown (or passed to callbacks) when the outbound guard refuses a destination. The
 * message may reach a tenant, so it names only what the tenant wrote: the IP literal, or
 * the hostname and the kind of address it resolves to, never the resolved address (an
 * internal name's address is for the logs: `address`, `category`, `port`, `stage`). Never a
 * URL path, query, header or key.
 */
export class OutboundBlockedError extends Error {
  readonly code = OUTBOUND_ADDRESS_FORBIDDEN;
  /** The refused address (for logs; not in the message when reached through a hostname). */
  readonly address: string;
  readonly category: AddressCategory;
  readonly hostname: string | undefined;
  readonly port: number | undefined;
  readonly stage: OutboundBlockStage;
  readonly reason: AddressRefusalReason;

  constructor(details: {
    address: string;
    category: AddressCategory;
    hostname?: string;
    port?: number;
    stage: OutboundBlockStage;
    reason?: AddressRefusalReason;
  }) {
    const reason = details.reason ?? 'forbidden-address';
    const named = details.hostname !== undefined && details.hostname !== details.address;
    const target = named ? `host ${details.hostname}` : details.address;
    const what =
      reason === 'platform-endpoint'
        ? `it is an endpoint of Model Garden itself. ${PLATFORM_ENDPOINT_SENTENCE}`
        : `${named ? 'it resolves to' : 'it is'} ${describeCategory(details.category)}. ${outboundPolicySentence(details.category)}`;
    super(`Refused to connect to ${target}: ${what}`);
    this.name = 'OutboundBlockedError';
    this.address = details.address;
    this.category = details.category;
    this.hostname = details.hostname;
    this.port = details.port;
    this.stage = details.stage;
    this.reason = reason;
  }
}

export function isOutboundBlockedError(error: unknown): error is OutboundBlockedError {
  return error instanceof OutboundBlockedError;
}
