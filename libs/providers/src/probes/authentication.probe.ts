import { type CheckResult, ERROR_CODES } from '@model-garden/contracts';
import { type UpstreamFailure } from '../core/upstream-failure';
import { type CapabilityOutcome } from './capability.probes';
import { check, checkFromFailure, type ProbeContext } from './probe-context';

export const AUTHENTICATION_CHECK = 'authentication';

export interface AuthenticationResult {
  check: CheckResult;
  failure?: UpstreamFailure;
}

/**
 * Whether the provider accepts the key. `GET /models` answers it when the provider
 * lists models (200: accepted; 401: refused). Otherwise, and on a 403 (some keys may
 * call models without listing them), the model type's first real call decides: a
 * 401/403 there fails the check with `provider_credential_invalid`.
 */
export async function probeAuthentication(ctx: ProbeContext, primary: () => Promise<CapabilityOutcome>): Promise<AuthenticationResult> {
  const listing = await ctx.listing();
  if (listing.kind === 'listed') {
    return { check: check(AUTHENTICATION_CHECK, 'pass', listing.latencyMs, 'ok', `The API key was accepted (${ctx.target('GET', 'models')} answered ${listing.httpStatus}).`, listing.httpStatus) };
  }
  if (listing.kind === 'rejected') {
    return { check: checkFromFailure(AUTHENTICATION_CHECK, 'fail', listing), failure: listing.failure };
  }
  const outcome = await primary();
  const endpointCheck = outcome.check;
  if (outcome.failure?.code === ERROR_CODES.providerCredentialInvalid) {
    return {
      check: check(AUTHENTICATION_CHECK, 'fail', endpointCheck.latencyMs, outcome.failure.code, outcome.failure.message, endpointCheck.httpStatus),
      failure: outcome.failure,
    };
  }
  const via = listing.kind === 'not-listed-by-provider' ? 'this provider does not list models' : `${ctx.target('GET', 'models')} gave no list (${listing.failure.httpStatus ?? listing.failure.code})`;
  const status = endpointCheck.httpStatus;
  if (outcome.failure === undefined || (status !== undefined && status >= 400 && status < 500)) {
    // A 2xx, or a 4xx other than 401/403 (unknown model, bad parameter, rate limit), means the key got past authentication.
    return { check: check(AUTHENTICATION_CHECK, 'pass', endpointCheck.latencyMs, 'ok', `The API key was accepted by the first model call (${via}).`, endpointCheck.httpStatus) };
  }
  return {
    check: check(
      AUTHENTICATION_CHECK,
      'skip',
      endpointCheck.latencyMs,
      outcome.failure.code,
      `Not confirmed: ${via}, and the first model call did not get past the server (${outcome.failure.message})`,
      status,
    ),
  };
}
