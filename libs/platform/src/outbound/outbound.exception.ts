import { AddressCategory, describeCategory } from './address-classifier';
import { OUTBOUND_ALLOWLIST_ENV } from './allowlist';

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

/**
 * Thrown (or passed to callbacks) when the outbound guard refuses a destination. The
 * message names the host and address only: never a URL path, query, header or key.
 */
export class OutboundBlockedError extends Error {
  readonly code = OUTBOUND_ADDRESS_FORBIDDEN;
  readonly address: string;
  readonly category: AddressCategory;
  readonly hostname: string | undefined;
  readonly stage: OutboundBlockStage;

  constructor(details: { address: string; category: AddressCategory; hostname?: string; stage: OutboundBlockStage }) {
    const via = details.hostname !== undefined && details.hostname !== details.address ? ` (host ${details.hostname})` : '';
    super(
      `Refused to connect to ${details.address}${via}: it is ${describeCategory(details.category)}. ${outboundPolicySentence(details.category)}`,
    );
    this.name = 'OutboundBlockedError';
    this.address = details.address;
    this.category = details.category;
    this.hostname = details.hostname;
    this.stage = details.stage;
  }
}

export function isOutboundBlockedError(error: unknown): error is OutboundBlockedError {
  return error instanceof OutboundBlockedError;
}
