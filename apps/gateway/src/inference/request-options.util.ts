import { GatewayError } from '../shared/gateway.exception';

/** Statuses retried (and falling back) when the request does not say: rate limits and gateway-type failures. */
export const DEFAULT_RETRY_STATUSES: readonly number[] = [429, 502, 503, 504];
export const MAX_FALLBACKS = 5;
export const MAX_CALL_TIMEOUT_MS = 3_600_000;

/**
 * Model Garden's request options, sent in the body beside OpenAI's fields and removed
 * before forwarding:
 * - `retry: { count, on_codes }`: how many times to retry a failed upstream call and on which statuses;
 * - `fallbacks: [{ model }]`: models to try in order when a model keeps failing that way or times out;
 * - `timeout: { call_timeout }`: the deadline of one upstream call in milliseconds.
 */
export interface RequestOptions {
  retryCount: number;
  retryOn: ReadonlySet<number>;
  fallbacks: readonly string[];
  callTimeoutMs: number;
}

export interface RequestOptionLimits {
  defaultRetryCount: number;
  maxRetryCount: number;
  defaultCallTimeoutMs: number;
}

const DEFAULT_RETRY_SET: ReadonlySet<number> = new Set(DEFAULT_RETRY_STATUSES);

/** Reads and removes `retry`, `fallbacks` and `timeout` from the body; a bad value is a 400 naming the field. */
export function takeRequestOptions(body: Record<string, unknown>, limits: RequestOptionLimits): RequestOptions {
  const options: RequestOptions = {
    retryCount: limits.defaultRetryCount,
    retryOn: DEFAULT_RETRY_SET,
    fallbacks: [],
    callTimeoutMs: limits.defaultCallTimeoutMs,
  };
  const retry = body['retry'];
  const fallbacks = body['fallbacks'];
  const timeout = body['timeout'];
  if (retry === undefined && fallbacks === undefined && timeout === undefined) return options;
  delete body['retry'];
  delete body['fallbacks'];
  delete body['timeout'];

  if (retry !== undefined && retry !== null) {
    if (!isRecord(retry)) throw GatewayError.invalidRequest('retry must be an object like {"count": 2, "on_codes": [429, 503]}.', 'retry');
    const count = retry['count'];
    if (count !== undefined) {
      if (!Number.isInteger(count) || (count as number) < 0 || (count as number) > limits.maxRetryCount) {
        throw GatewayError.invalidRequest(`retry.count must be an integer from 0 to ${limits.maxRetryCount}.`, 'retry.count');
      }
      options.retryCount = count as number;
    }
    const codes = retry['on_codes'];
    if (codes !== undefined) {
      if (!Array.isArray(codes) || codes.length > 20 || !codes.every((code) => Number.isInteger(code) && code >= 400 && code <= 599)) {
        throw GatewayError.invalidRequest('retry.on_codes must be a list of HTTP error statuses (400-599).', 'retry.on_codes');
      }
      options.retryOn = new Set(codes as number[]);
    }
  }

  if (fallbacks !== undefined && fallbacks !== null) {
    if (!Array.isArray(fallbacks) || fallbacks.length > MAX_FALLBACKS) {
      throw GatewayError.invalidRequest(`fallbacks must be a list of at most ${MAX_FALLBACKS} entries like {"model": "<model>"}.`, 'fallbacks');
    }
    options.fallbacks = fallbacks.map((entry, index) => {
      const model = typeof entry === 'string' ? entry : isRecord(entry) ? entry['model'] : undefined;
      if (typeof model !== 'string' || model.trim() === '' || model.length > 300) {
        throw GatewayError.invalidRequest(`fallbacks[${index}].model must name a model.`, `fallbacks[${index}].model`);
      }
      return model;
    });
  }

  if (timeout !== undefined && timeout !== null) {
    if (!isRecord(timeout)) throw GatewayError.invalidRequest('timeout must be an object like {"call_timeout": 30000} (milliseconds).', 'timeout');
    const callTimeout = timeout['call_timeout'];
    if (callTimeout !== undefined) {
      if (!Number.isInteger(callTimeout) || (callTimeout as number) < 1 || (callTimeout as number) > MAX_CALL_TIMEOUT_MS) {
        throw GatewayError.invalidRequest(`timeout.call_timeout must be a number of milliseconds from 1 to ${MAX_CALL_TIMEOUT_MS}.`, 'timeout.call_timeout');
      }
      options.callTimeoutMs = callTimeout as number;
    }
  }
  return options;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
