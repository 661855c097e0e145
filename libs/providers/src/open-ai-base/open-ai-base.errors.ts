import { ERROR_CODES } from '@model-garden/contracts';
import { type Endpoint } from '../core/capability';
import { type ErrorResponse } from '../core/provider-adapter';
import { failure, retryAfterMs, type UpstreamFailure } from '../core/upstream-failure';

/** What a provider said in an error body, whichever of the common shapes it used. */
export interface ProviderErrorBody {
  message?: string;
  code?: string;
  type?: string;
  param?: string;
}

const MAX_MESSAGE = 300;

function str(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}

/**
 * Reads an error body in the shapes OpenAI-compatible servers use:
 * `{"error": {"message", "type", "param", "code"}}` (OpenAI, Groq, Together, vLLM),
 * `{"error": "text"}`, a flat `{"object": "error", "message", "type", "code"}` (Mistral),
 * `{"detail": "text" | [{"msg", "loc"}]}` (FastAPI-based servers), or plain text.
 */
export function readProviderError(text: string): ProviderErrorBody {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const plain = text.trim();
    return plain === '' || plain.startsWith('<') ? {} : { message: plain };
  }
  if (typeof body !== 'object' || body === null) return {};
  const record = body as Record<string, unknown>;
  const nested = record['error'];
  if (typeof nested === 'object' && nested !== null) {
    const error = nested as Record<string, unknown>;
    return { message: str(error['message']), code: str(error['code']), type: str(error['type']), param: str(error['param']) };
  }
  if (typeof nested === 'string') return { message: nested, code: str(record['code']), type: str(record['type']) };
  const detail = record['detail'];
  if (Array.isArray(detail)) {
    const parts = detail
      .map((item) => {
        if (typeof item !== 'object' || item === null) return undefined;
        const entry = item as Record<string, unknown>;
        const loc = Array.isArray(entry['loc']) ? entry['loc'].join('.') : undefined;
        const msg = str(entry['msg']);
        return msg && loc ? `${loc}: ${msg}` : msg;
      })
      .filter((part): part is string => part !== undefined);
    return { message: parts.join('; ') || undefined };
  }
  return {
    message: str(record['message']) ?? str(detail),
    code: str(record['code']),
    type: str(record['type']),
    param: str(record['param']),
  };
}

/** A provider message fit to show: the API key removed, shortened, one line. */
export function scrubProviderMessage(message: string | undefined, apiKey?: string): string | undefined {
  if (message === undefined) return undefined;
  let out = message.replace(/\s+/g, ' ');
  if (apiKey && apiKey.length >= 4) out = out.split(apiKey).join('[REDACTED]');
  out = out.replace(/(bearer\s+)[^\s"',]+/gi, '$1[REDACTED]');
  return out.length > MAX_MESSAGE ? `${out.slice(0, MAX_MESSAGE - 1)}…` : out;
}

function said(message: string | undefined): string {
  return message ? ` The provider said: "${message}"` : '';
}

function isModelNotFound(status: number, body: ProviderErrorBody): boolean {
  if (body.code === 'model_not_found' || body.type === 'model_not_found') return true;
  if (status !== 404) return false;
  const text = body.message ?? '';
  return /model/i.test(text) && /(not found|does not exist|doesn't exist|not exist|unknown|no such|not available)/i.test(text);
}

/** The origin and path of a redirect target, without its query (it may carry a token). */
function describeLocation(location: string | string[] | undefined): string | undefined {
  const value = Array.isArray(location) ? location[0] : location;
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return `${url.origin}${url.pathname}`;
  } catch {
    return value.split('?')[0];
  }
}

/**
 * The generic mapping of a non-2xx answer to a coded failure; provider folders refine
 * it. 401/403 is a rejected credential, 404 (or `model_not_found`) a missing model,
 * 429 a rate limit (transient unless the quota is exhausted), 408/409/425/5xx transient
 * server trouble, 3xx a refused redirect, any other 4xx a permanent refusal.
 */
export function mapOpenAiError(response: ErrorResponse, context: { endpoint: Endpoint; target: string; apiKey?: string }): UpstreamFailure {
  const { status } = response;
  const body = readProviderError(response.text);
  const message = scrubProviderMessage(body.message, context.apiKey);
  const providerCode = body.code ?? body.type;
  const extra = { httpStatus: status, providerCode, param: body.param };

  if (status >= 300 && status < 400) {
    const location = describeLocation(response.headers['location']);
    return failure(
      'http',
      ERROR_CODES.providerRedirect,
      `${context.target} answered with a redirect (${status})${location ? ` to ${location}` : ''}. Model Garden never follows redirects: use the final address as the base URL.`,
      false,
      { ...extra, location },
    );
  }
  if (isModelNotFound(status, body)) {
    return failure('http', ERROR_CODES.modelNotFound, `The provider does not know this model (${status}).${said(message)}`, false, extra);
  }
  if (status === 401 || status === 403) {
    return failure(
      'http',
      ERROR_CODES.providerCredentialInvalid,
      `The API key was rejected (${status}). Check the key, or whether it belongs to this base URL.${said(message)}`,
      false,
      extra,
    );
  }
  if (status === 429) {
    if (providerCode === 'insufficient_quota') {
      return failure(
        'http',
        ERROR_CODES.providerRateLimited,
        `The provider account has no quota left (429 insufficient_quota). Add credit or raise the limit, then validate again.${said(message)}`,
        false,
        extra,
      );
    }
    const wait = retryAfterMs(response.headers);
    return failure(
      'http',
      ERROR_CODES.providerRateLimited,
      `The provider is rate limiting this key (429)${wait !== undefined ? `; it asked to retry after ${Math.ceil(wait / 1000)} s` : ''}.${said(message)}`,
      true,
      { ...extra, retryAfterMs: wait },
    );
  }
  if (status === 408 || status === 504 || status === 524) {
    return failure('http', ERROR_CODES.providerTimeout, `${context.target} timed out upstream (${status}).${said(message)}`, true, {
      ...extra,
      retryAfterMs: retryAfterMs(response.headers),
    });
  }
  if (status >= 500 || status === 409 || status === 425) {
    return failure('http', ERROR_CODES.providerError, `${context.target} failed on the provider's side (${status}).${said(message)}`, true, {
      ...extra,
      retryAfterMs: retryAfterMs(response.headers),
    });
  }
  if (status === 404 || status === 405) {
    return failure('http', ERROR_CODES.providerError, `${context.target} does not exist on this server (${status}).${said(message)}`, false, extra);
  }
  return failure('http', ERROR_CODES.providerError, `${context.target} was refused (${status}).${said(message)}`, false, extra);
}
