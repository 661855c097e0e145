import { ERROR_CODES } from '@model-garden/contracts';

/**
 * Errors in OpenAI's shape `{"error": {"message", "type", "param", "code"}}`, so every
 * OpenAI client reads them (the official SDK maps the status to its error classes and
 * exposes `type`, `param` and `code`).
 */
export type OpenAiErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'api_error'
  | 'server_error';

export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** The gateway's own codes beyond the shared ERROR_CODES (OpenAI's spelling where OpenAI has one). */
export const GATEWAY_ERROR_CODES = {
  ...ERROR_CODES,
  invalidApiKey: 'invalid_api_key',
  missingApiKey: 'missing_api_key',
  insufficientScope: 'insufficient_scope',
  invalidJson: 'invalid_json',
  invalidValue: 'invalid_value',
  modelUnavailable: 'model_unavailable',
  unknownUrl: 'unknown_url',
  shuttingDown: 'shutting_down',
  loopDetected: 'loop_detected',
  tooManyInFlight: 'too_many_requests_in_flight',
  streamLimitExceeded: 'stream_limit_exceeded',
  imageUrlNotAllowed: 'image_url_not_allowed',
} as const;

export class GatewayError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: OpenAiErrorType | string,
    readonly code: string | null,
    readonly param: string | null = null,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'GatewayError';
  }

  toBody(): OpenAiErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }

  static invalidRequest(message: string, param: string | null, code: string = GATEWAY_ERROR_CODES.invalidValue): GatewayError {
    return new GatewayError(400, message, 'invalid_request_error', code, param);
  }

  static internal(): GatewayError {
    return new GatewayError(500, 'The gateway failed to handle the request. Try again; if it persists, report the x-request-id.', 'server_error', GATEWAY_ERROR_CODES.internal);
  }

  /** 404 for a model the caller's workspace does not have (or may not see). */
  static modelNotFound(model: string): GatewayError {
    return new GatewayError(404, `The model \`${model}\` does not exist or you do not have access to it.`, 'invalid_request_error', GATEWAY_ERROR_CODES.modelNotFound, 'model');
  }

  /** 503 for a request that arrives (or is still waiting to retry) while the gateway drains. */
  static shuttingDown(): GatewayError {
    return new GatewayError(503, 'The gateway is shutting down; retry the request.', 'api_error', GATEWAY_ERROR_CODES.shuttingDown);
  }

  /** 503 when the budget of buffered upstream answers (GATEWAY_MAX_BUFFERED_RESPONSE_BYTES) is spent. */
  static gatewayFull(): GatewayError {
    return new GatewayError(503, 'The gateway holds too many large upstream answers right now. Retry shortly.', 'api_error', GATEWAY_ERROR_CODES.serviceUnavailable, null, {
      'retry-after': '1',
    });
  }
}

/** The OpenAI error type that goes with an HTTP status. */
export function errorTypeForStatus(status: number): OpenAiErrorType {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}
