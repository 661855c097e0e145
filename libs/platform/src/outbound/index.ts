// Outbound guard: SSRF protection for calls to user-supplied base URLs (plain TypeScript,
// no NestJS, usable by registry, validator and gateway alike).
export type { AddressCategory, AddressClassification, Ipv4Embedding, ParsedIpAddress } from './address-classifier';
export {
  classifyIpAddress,
  describeCategory,
  isForbiddenAddress,
  isForbiddenCategory,
  isIpAddress,
  parseIpAddress,
} from './address-classifier';

export type {
  AddressDecision,
  AddressDecisionBasis,
  AddressPolicyOptions,
  AddressRefusalReason,
  AllowlistHost,
  AllowlistNetwork,
  AllowlistPort,
  OutboundAllowlist,
} from './allowlist';
export {
  EMPTY_ALLOWLIST,
  OUTBOUND_ALLOWLIST_ENV,
  OutboundAllowlistError,
  evaluateAddress,
  findAllowlistHost,
  isHostnameAllowlisted,
  loadOutboundAllowlist,
  parseOutboundAllowlist,
} from './allowlist';

export type { PlatformEndpoint, PlatformEndpoints, PlatformEndpointsConfig, PlatformEndpointsInput } from './platform-endpoints';
export {
  OUTBOUND_PLATFORM_ENDPOINTS_ENV,
  PlatformEndpointError,
  createPlatformEndpoints,
  parsePlatformEndpoint,
  platformEndpointsFromConfig,
} from './platform-endpoints';

export type { OutboundBlockStage } from './outbound.exception';
export { OUTBOUND_ADDRESS_FORBIDDEN, OutboundBlockedError, isOutboundBlockedError } from './outbound.exception';

export type { DnsQuerier, HostResolver, HostResolverOptions, ResolvedAddress } from './resolver';
export { DEFAULT_DNS_TIMEOUT_MS, HostResolutionError, createHostResolver, defaultHostResolver, parseHostsFile } from './resolver';

export type { CheckedAddress, HostCheckOptions, OutboundPolicyOptions } from './guarded-lookup';
export { createGuardedLookup, resolveGuarded } from './guarded-lookup';

export type { GuardedAgentOptions, GuardedConnectorOptions, GuardedTlsOptions } from './guarded-agent';
export { DEFAULT_CONNECT_TIMEOUT_MS, createGuardedAgent, createGuardedConnector, withOutboundAddressCheck } from './guarded-agent';

export type {
  CheckedOutboundUrl,
  OutboundUrlCheck,
  OutboundUrlCheckOptions,
  OutboundUrlFailure,
  OutboundUrlFailureCode,
  OutboundUrlOptions,
  OutboundUrlValidation,
  ValidOutboundUrl,
} from './outbound-url';
export { checkOutboundUrl, validateOutboundUrl } from './outbound-url';
