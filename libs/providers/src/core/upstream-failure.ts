import { ERROR_CODES, type ErrorCode } from '@model-garden/contracts';

/** How a call to an upstream went wrong, before any probe turns it into a check. */
export type UpstreamFailureKind =
  /** The upstream answered with a non-2xx status (3xx included). */
  | 'http'
  /** The deadline passed before the upstream answered (or finished answering). */
  | 'timeout'
  /** DNS, TCP, TLS or the connection broke. */
  | 'network'
  /** The outbound guard refused the destination address. */
  | 'forbidden_address'
  /** A 2xx whose body is not what the API promises (not JSON, missing fields). */
  | 'bad_response';

/**
 * One failed upstream call, coded. `message` is the provider's own words (scrubbed
 * of the API key and shortened) or ours; `transient` says whether trying again later
 * may succeed (timeouts, 5xx, resets, 429), which is what the validator retries on.
 */
export interface UpstreamFailure {
  kind: UpstreamFailureKind;
  code: ErrorCode;
  message: string;
  transient: boolean;
  httpStatus?: number;
  /** The provider's own error code or type (`invalid_api_key`, `model_not_found`, `invalid_model`). */
  providerCode?: string;
  /** The request parameter the provider blamed, when it said. */
  param?: string;
  /** How long the provider asked us to wait (Retry-After / retry-after-ms). */
  retryAfterMs?: number;
  /** For 3xx: where the provider wanted to send us. */
  location?: string;
  /**
   * A failure that cannot improve with time (connection refused on a loopback or private
   * address, a host name that does not exist, a TLS certificate error): worth one quick
   * retry (a blip), never a backoff schedule.
   */
  retryOnce?: boolean;
}

export function failure(kind: UpstreamFailureKind, code: ErrorCode, message: string, transient: boolean, extra: Partial<UpstreamFailure> = {}): UpstreamFailure {
  return { kind, code, message, transient, ...extra };
}

export function isUpstreamFailure(value: unknown): value is UpstreamFailure {
  return typeof value === 'object' && value !== null && 'kind' in value && 'code' in value && 'transient' in value && 'message' in value;
}

/** Node / undici error codes after which a new attempt may succeed. */
const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEOUT']);

/** The `code` of an error or of its `cause` chain (fetch wraps the real error). */
export function errorCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current === 'object' && 'code' in current && typeof (current as { code: unknown }).code === 'string') {
      return (current as { code: string }).code;
    }
    current = typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined;
  }
  return undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Maps an error thrown while calling (connect, send, read) to a coded failure. */
export function networkFailure(error: unknown, target: string): UpstreamFailure {
  const code = errorCode(error);
  if (code === ERROR_CODES.outboundAddressForbidden) {
    return failure('forbidden_address', ERROR_CODES.outboundAddressForbidden, errorMessage(error), false);
  }
  if (code !== undefined && TIMEOUT_CODES.has(code)) {
    return failure('timeout', ERROR_CODES.providerTimeout, `${target} did not answer in time (${code}).`, true);
  }
  if (code === 'ENOTFOUND') {
    return failure(
      'network',
      ERROR_CODES.providerUnreachable,
      `The host of ${target} does not resolve (ENOTFOUND). Check the spelling of the base URL's host.`,
      false,
      { retryOnce: true },
    );
  }
  if (code !== undefined && /^(ERR_TLS|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|ERR_SSL|HOSTNAME_MISMATCH)/.test(code)) {
    return failure(
      'network',
      ERROR_CODES.providerUnreachable,
      `The TLS handshake with ${target} failed (${code}): ${errorMessage(error)}. Check that the base URL's certificate is valid for its host.`,
      false,
      { retryOnce: true },
    );
  }
  const transient = code === undefined || TRANSIENT_NETWORK_CODES.has(code);
  return failure(
    'network',
    ERROR_CODES.providerUnreachable,
    `The connection to ${target} failed${code ? ` (${code})` : ''}: ${errorMessage(error)}.`,
    transient,
  );
}

/** Parses `retry-after-ms` (OpenAI) or `retry-after` (seconds or an HTTP date) into milliseconds. */
export function retryAfterMs(headers: Readonly<Record<string, string | string[] | undefined>>, now: number = Date.now()): number | undefined {
  const first = (name: string): string | undefined => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const ms = first('retry-after-ms');
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.ceil(Number(ms));
  const after = first('retry-after');
  if (after === undefined) return undefined;
  const trimmed = after.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
