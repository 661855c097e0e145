import { type CheckResult, ERROR_CODES } from '@model-garden/contracts';
import { type UpstreamFailure } from '../core/upstream-failure';
import { type CapabilityOutcome } from './capability.probes';
import { closeMatches } from './close-matches';
import { check, type ProbeContext } from './probe-context';

export const MODEL_CHECK = 'model';

export interface ModelResult {
  check: CheckResult;
  failure?: UpstreamFailure;
}

function suggestions(wanted: string, ids: readonly string[]): string {
  const near = closeMatches(wanted, ids);
  return near.length > 0 ? ` Did you mean ${near.map((id) => `"${id}"`).join(', ')}?` : '';
}

/**
 * Whether the model ID exists. Listed by `GET /models`: pass. Not listed: the first
 * real call decides (some providers do not list every model a key can call): a 404
 * `model_not_found` fails with the close matches from the list, an answer is a warning.
 * A provider without a model list gets `skip`, unless a real call says the model does
 * not exist.
 */
export async function probeModel(ctx: ProbeContext, primary: () => Promise<CapabilityOutcome>): Promise<ModelResult> {
  const wanted = ctx.model.upstreamModelId;
  const listing = await ctx.listing();
  if (listing.kind === 'listed' && listing.ids.includes(wanted)) {
    return { check: check(MODEL_CHECK, 'pass', listing.latencyMs, 'ok', `"${wanted}" is listed by ${ctx.target('GET', 'models')}.`, listing.httpStatus) };
  }
  const outcome = await primary();
  const notFound = outcome.failure?.code === ERROR_CODES.modelNotFound ? outcome.failure : undefined;
  if (listing.kind === 'listed') {
    const message = `"${wanted}" is not among the ${listing.ids.length} models ${ctx.target('GET', 'models')} lists.${suggestions(wanted, listing.ids)} The model ID must match the provider's exactly.`;
    if (notFound) {
      return { check: check(MODEL_CHECK, 'fail', listing.latencyMs, ERROR_CODES.modelNotFound, message, outcome.check.httpStatus), failure: { ...notFound, message } };
    }
    if (outcome.failure === undefined) {
      return { check: check(MODEL_CHECK, 'warn', listing.latencyMs, 'ok', `"${wanted}" is not listed by ${ctx.target('GET', 'models')}, but it answered a real call.`, listing.httpStatus) };
    }
    return { check: check(MODEL_CHECK, 'skip', listing.latencyMs, outcome.failure.code, `Not confirmed: "${wanted}" is not listed and the first model call failed (${outcome.failure.message})`) };
  }
  if (notFound) {
    return {
      check: check(MODEL_CHECK, 'fail', outcome.check.latencyMs, ERROR_CODES.modelNotFound, `${notFound.message} Check the model ID: it must match the provider's exactly.`, outcome.check.httpStatus),
      failure: notFound,
    };
  }
  const why = listing.kind === 'not-listed-by-provider' ? 'this provider does not list models' : `${ctx.target('GET', 'models')} gave no list (${listing.failure.httpStatus ?? listing.failure.code})`;
  const after = outcome.failure === undefined ? '; the model answered a real call' : '';
  return { check: check(MODEL_CHECK, 'skip', 0, 'ok', `Not checked against a model list: ${why}${after}.`) };
}
