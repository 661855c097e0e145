import { ERROR_CODES, type ErrorBody, type ErrorCode, type FieldError } from '@model-garden/contracts';

/** The error codes the registry answers with, and the HTTP status of each. */
export const REGISTRY_ERROR_STATUS = {
  [ERROR_CODES.validationFailed]: 400,
  [ERROR_CODES.unauthorized]: 401,
  [ERROR_CODES.forbidden]: 403,
  [ERROR_CODES.notFound]: 404,
  [ERROR_CODES.conflict]: 409,
  [ERROR_CODES.modelInUse]: 409,
  [ERROR_CODES.deploymentNotPublishable]: 422,
  [ERROR_CODES.regionNotAllowed]: 422,
  [ERROR_CODES.payloadTooLarge]: 413,
  [ERROR_CODES.unsupportedMediaType]: 415,
  [ERROR_CODES.rateLimited]: 429,
  [ERROR_CODES.internal]: 500,
  [ERROR_CODES.serviceUnavailable]: 503,
} as const;

export type RegistryErrorCode = keyof typeof REGISTRY_ERROR_STATUS;

/**
 * The one exception the registry's code throws. It carries a code from
 * `ERROR_CODES`; the HTTP filter and the gRPC filter map it to their transport.
 * Messages are written for the person reading them and never contain a secret.
 */
export class RegistryException extends Error {
  override readonly name = 'RegistryException';

  /** Sent as Retry-After with the answer (429, 503). */
  retryAfterSeconds?: number;

  constructor(
    readonly code: RegistryErrorCode,
    message: string,
    readonly details?: FieldError[],
    readonly suggestion?: string,
  ) {
    super(message);
  }

  get httpStatus(): number {
    return REGISTRY_ERROR_STATUS[this.code];
  }

  toBody(): ErrorBody {
    const error: ErrorBody['error'] = { code: this.code as ErrorCode, message: this.message };
    if (this.details?.length) error.details = this.details;
    if (this.suggestion !== undefined) error.suggestion = this.suggestion;
    return { error };
  }

  static validation(details: FieldError[], message?: string): RegistryException {
    const fields = [...new Set(details.map((d) => d.field))];
    return new RegistryException(
      ERROR_CODES.validationFailed,
      message ?? `The request is invalid: ${fields.length === 1 ? `check ${fields[0]}` : `check ${fields.join(', ')}`}.`,
      details,
    );
  }

  static field(field: string, message: string): RegistryException {
    return RegistryException.validation([{ field, message }]);
  }

  /** The same answer for "does not exist" and "belongs to another workspace". */
  static notFound(what: string): RegistryException {
    return new RegistryException(ERROR_CODES.notFound, `There is no ${what} with this id in this workspace.`);
  }

  static unauthorized(message = 'A valid API key is required: send "Authorization: Bearer <key>".'): RegistryException {
    return new RegistryException(ERROR_CODES.unauthorized, message);
  }

  static forbidden(message: string, details?: FieldError[]): RegistryException {
    return new RegistryException(ERROR_CODES.forbidden, message, details);
  }

  /** The API key used up its allowance; it may try again after `retryAfterSeconds`. */
  static rateLimited(limitPerMinute: number, retryAfterSeconds: number): RegistryException {
    const error = new RegistryException(
      ERROR_CODES.rateLimited,
      `This API key made more than ${limitPerMinute} requests per minute. Retry after ${retryAfterSeconds} s, or spread the requests over time.`,
    );
    error.retryAfterSeconds = retryAfterSeconds;
    return error;
  }

  /** A dependency cannot be reached right now: nothing was done, the client may retry. */
  static unavailable(what: 'database' | 'redis'): RegistryException {
    const name = what === 'database' ? 'its database' : 'its rate-limit store';
    return new RegistryException(ERROR_CODES.serviceUnavailable, `The registry cannot reach ${name} right now; nothing was changed. Try again shortly.`);
  }

  /** A deployment version that cannot be published: every refused variant named in details (422). */
  static notPublishable(details: FieldError[]): RegistryException {
    const first = details[0]?.message ?? '';
    const more = details.length > 1 ? ` (and ${details.length - 1} more problem${details.length > 2 ? 's' : ''} in details)` : '';
    return new RegistryException(ERROR_CODES.deploymentNotPublishable, `This version cannot be published: ${first}${more}`, details);
  }

  /** A model, or a setting, outside the regions the caller may use (422): each field named in details. */
  static regionNotAllowed(details: FieldError[]): RegistryException {
    const more = details.length > 1 ? ` (and ${details.length - 1} more in details)` : '';
    return new RegistryException(ERROR_CODES.regionNotAllowed, `${details[0]?.message ?? 'A region is not allowed.'}${more}`, details);
  }

  static conflict(message: string, details?: FieldError[], suggestion?: string): RegistryException {
    return new RegistryException(ERROR_CODES.conflict, message, details, suggestion);
  }
}
