/**
 * Machine-readable error codes shared by every service. The registry answers
 * `{"error": {"code", "message", "details"?}}`; the gateway maps them to OpenAI's
 * error shape; validation checks carry them in their results.
 */
export const ERROR_CODES = {
  validationFailed: 'validation_failed',
  payloadTooLarge: 'payload_too_large',
  unsupportedMediaType: 'unsupported_media_type',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  notFound: 'not_found',
  conflict: 'conflict',
  rateLimited: 'rate_limited',
  serviceUnavailable: 'service_unavailable',
  internal: 'internal_error',
  // model lifecycle
  modelNotReady: 'model_not_ready',
  modelFailed: 'model_failed',
  modelNotFound: 'model_not_found',
  capabilityMissing: 'capability_not_supported',
  /** The model's region is outside the caller's allowedRegions (gateway 403, registry 422). */
  regionNotAllowed: 'region_not_allowed',
  // deployments
  /** A deployment version refused at publish: a variant's model or fallback cannot serve it (422). */
  deploymentNotPublishable: 'deployment_not_publishable',
  /** A model used by the current version of a deployment cannot be deleted (409). */
  modelInUse: 'model_in_use',
  deploymentNotFound: 'deployment_not_found',
  /** A required template variable is missing from the call's inputs (400). */
  missingInput: 'missing_input',
  // budgets
  /** An applicable budget is exhausted for its period (429 at the gateway, naming the budget and when it resets). */
  budgetExceeded: 'budget_exceeded',
  // upstream / probes
  outboundAddressForbidden: 'outbound_address_forbidden',
  providerUnreachable: 'provider_unreachable',
  /** The upstream answered with a 3xx; Model Garden never follows redirects (SSRF). */
  providerRedirect: 'provider_redirect',
  providerTimeout: 'provider_timeout',
  providerCredentialInvalid: 'provider_credential_invalid',
  providerRateLimited: 'provider_rate_limited',
  providerError: 'provider_error',
  providerBadResponse: 'provider_bad_response',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

export interface FieldError {
  field: string;
  message: string;
}

/** The registry's error body. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    details?: FieldError[];
    /** A value that would succeed, e.g. a free model key after a 409. */
    suggestion?: string;
  };
}
