import { readProviderError, scrubProviderMessage, type UpstreamFailure } from '@model-garden/providers';
import { type ServingModel } from '../catalogue/serving-model';
import { errorTypeForStatus, GATEWAY_ERROR_CODES, GatewayError } from '../shared/gateway.exception';

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
