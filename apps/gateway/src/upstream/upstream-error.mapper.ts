import { ERROR_CODES } from '@model-garden/contracts';
import { describeTarget, failure, networkFailure, readProviderError, scrubProviderMessage, type UpstreamFailure } from '@model-garden/providers';
import { type ServingModel, type UpstreamTarget } from '../catalogue/serving-model';
import { type AbortKind } from '../inference/exchange';
import { errorTypeForStatus, GATEWAY_ERROR_CODES, GatewayError } from '../shared/gateway.exception';
import { ByteBudgetExceeded } from './byte-budget';
import { ResponseTooLarge } from './upstream-body.util';

/** Headers of an upstream error worth passing on to the client. */
const PASSED_HEADERS = ['retry-after', 'retry-after-ms', 'x-ratelimit-limit-requests', 'x-ratelimit-remaining-requests', 'x-ratelimit-reset-requests'];

/**
 * What the client gets when an upstream call failed. The provider's own error passes
 * through with its status (message, type, param, code; the key, bearer tokens and the
 * base URL scrubbed out), except where it would mislead or leak: a rejected provider
 * credential (401/403), an unknown upstream model id and redirects are the model's
 * configuration, answered 502 in the gateway's words; network failures, timeouts and
 * unreadable answers are 502/504.
 */
export function clientErrorForFailure(failure: UpstreamFailure, model: ServingModel, requested: string, errorText?: string, headers?: Record<string, string | string[] | undefined>): GatewayError {
  switch (failure.kind) {
    case 'timeout':
      return new GatewayError(504, `The provider of model \`${requested}\` did not answer in time.`, 'api_error', GATEWAY_ERROR_CODES.providerTimeout);
    case 'network':
      return new GatewayError(502, `The provider of model \`${requested}\` could not be reached or broke the connection.`, 'api_error', GATEWAY_ERROR_CODES.providerUnreachable);
    case 'forbidden_address':
      return new GatewayError(
        502,
        `The base URL of model \`${requested}\` points to an address Model Garden may not call (loopback, private or metadata). Ask an operator to allowlist it or fix the base URL.`,
        'api_error',
        GATEWAY_ERROR_CODES.outboundAddressForbidden,
      );
    case 'bad_response':
      return new GatewayError(502, `The provider of model \`${requested}\` sent an answer that is not valid JSON of the expected shape.`, 'api_error', GATEWAY_ERROR_CODES.providerBadResponse);
    case 'http':
      return httpError(failure, model, requested, errorText ?? '', headers ?? {});
  }
}

function httpError(failure: UpstreamFailure, model: ServingModel, requested: string, text: string, headers: Record<string, string | string[] | undefined>): GatewayError {
  const status = failure.httpStatus ?? 502;
  if (status < 400) {
    return new GatewayError(502, `The provider of model \`${requested}\` answered with a redirect (${status}); Model Garden never follows redirects.`, 'api_error', GATEWAY_ERROR_CODES.providerRedirect);
  }
  if (status === 401 || status === 403) {
    return new GatewayError(
      502,
      `The provider rejected the credentials of model \`${requested}\` (${status}). A workspace admin must update the model's API key.`,
      'api_error',
      GATEWAY_ERROR_CODES.providerCredentialInvalid,
    );
  }
  if (failure.code === GATEWAY_ERROR_CODES.modelNotFound) {
    return new GatewayError(
      502,
      `The provider does not know the upstream model of \`${requested}\` (${status}). Check the model's model ID in the registry.`,
      'api_error',
      GATEWAY_ERROR_CODES.providerError,
    );
  }
  const said = readProviderError(text);
  const message = scrub(said.message, model) ?? `The provider of model \`${requested}\` answered ${status}.`;
  const passed: Record<string, string> = {};
  for (const name of PASSED_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string') passed[name] = value;
  }
  return new GatewayError(status, message, said.type ?? errorTypeForStatus(status), said.code ?? null, said.param ?? null, passed);
}

/** A provider message without the provider key, bearer tokens or the model's base URL. */
export function scrub(message: string | undefined, model: ServingModel): string | undefined {
  const clean = scrubProviderMessage(message, model.secret);
  if (clean === undefined) return undefined;
  const base = model.baseUrl.replace(/\/+$/, '');
  return base.length > 8 ? clean.split(base).join('[base URL]') : clean;
}

/** A call that threw (no answer, or its body could not be read), as the attempt loop sees it. */
export interface CallFailure {
  /** The status label of the upstream duration metric: 499 client gone, 504 deadline, 503 shutdown, 502 otherwise. */
  metricStatus: string;
  /** The client went away: nothing to answer, nothing to retry. */
  stopped: boolean;
  failure: UpstreamFailure;
  error: GatewayError;
}

/** Maps an upstream call that threw, given why the gateway aborted it (if it did), to its failure and the client's error. */
export function callFailure(aborted: AbortKind | undefined, error: unknown, model: ServingModel, requested: string, target: UpstreamTarget): CallFailure {
  const metricStatus = aborted === 'client' ? '499' : aborted === 'timeout' ? '504' : aborted === 'shutdown' ? '503' : '502';
  if (aborted === 'shutdown' || aborted === 'client') {
    const stop = GatewayError.shuttingDown();
    return { metricStatus, stopped: aborted === 'client', failure: failure('network', ERROR_CODES.serviceUnavailable, stop.message, false), error: stop };
  }
  const mapped =
    aborted === 'timeout'
      ? failure('timeout', ERROR_CODES.providerTimeout, 'the call deadline passed', true)
      : error instanceof ResponseTooLarge
        ? failure('bad_response', ERROR_CODES.providerBadResponse, error.message, false)
        : error instanceof ByteBudgetExceeded
          ? failure('bad_response', ERROR_CODES.serviceUnavailable, error.message, false)
          : networkFailure(error, describeTarget('POST', `${target.origin}${target.path}`));
  return { metricStatus, stopped: false, failure: mapped, error: error instanceof ByteBudgetExceeded ? GatewayError.gatewayFull() : clientErrorForFailure(mapped, model, requested) };
}
