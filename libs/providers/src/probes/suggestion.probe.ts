import { type CheckResult, type CheckSuggestion, ERROR_CODES, type ModelType } from '@model-garden/contracts';
import { adapterForBaseUrl, PROVIDER_ADAPTERS } from '../adapters';
import { capabilityEndpoint, PRIMARY_CAPABILITY } from '../core/capability';
import { type ProviderAdapter } from '../core/provider-adapter';
import { probeCapability } from './capability.probes';
import { ProbeContext } from './probe-context';

/**
 * Fixes the validator can propose beside a check's message, each one proven before it
 * is proposed where a call can prove it: the base URL with `/v1` added answers, the
 * model answers as another type. The key-prefix hint is recognised, not proven: it never
 * fails anything.
 */

/** Types tried when the model's own type is refused; image generation is left out (slow and billed per image). */
const OTHER_TYPES: readonly ModelType[] = ['chat', 'embedding', 'completion'];

const TYPE_LABELS: Readonly<Record<ModelType, string>> = { chat: 'Chat', completion: 'Completion', embedding: 'Embedding', image: 'Image' };

/** HTTP statuses with which a server refuses a request it cannot serve on that endpoint. */
const REFUSED_REQUEST = new Set([400, 404, 405, 415, 422]);

/**
 * The hint for an API key whose well-known prefix (a provider quirk, see each adapter's
 * `keyPrefixes`) belongs to another provider than the base URL's host. Only the public
 * prefix is quoted, never the key.
 */
export function keyPrefixHint(apiKey: string, baseUrl: string, adapters: readonly ProviderAdapter[] = PROVIDER_ADAPTERS): CheckSuggestion | undefined {
  for (const owner of adapters) {
    const prefix = owner.keyPrefixes.find((candidate) => apiKey.startsWith(candidate));
    if (prefix === undefined) continue;
    if (adapterForBaseUrl(baseUrl, adapters).id === owner.id) return undefined;
    const where = owner.defaultBaseUrl ? ` (${owner.defaultBaseUrl})` : '';
    return {
      message: `The API key starts with "${prefix}", like ${owner.name} keys, but the base URL is not ${owner.name}'s${where}. Check that the key and the base URL belong to the same provider.`,
    };
  }
  return undefined;
}

/** The base URL with `/v1` appended, or undefined when its path already ends in a version (`/v1`, `/v2`, ...) or it does not parse. */
export function withVersionPath(baseUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return undefined;
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (/\/v\d+(beta\d*|alpha\d*)?$/i.test(path)) return undefined;
  url.pathname = `${path}/v1`;
  return url.href;
}

/** The `https` form of an `http` base URL (same host, same explicit port, or 443), or undefined. */
export function httpsVariant(baseUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:') return undefined;
  const https = new URL(url.href.replace(/^http:/, 'https:'));
  if (url.port !== '') https.port = url.port;
  return https.href;
}

/** Deadline of a call that only looks for a better base URL: it must not hold the verdict back long. */
const CANDIDATE_TIMEOUT_MS = 3_000;

/** A context for the same model and key at another base URL or type, reporting no progress. */
function variant(ctx: ProbeContext, change: { baseUrl?: string; type?: ModelType }): ProbeContext {
  const { onProgress: _silent, ...options } = ctx.options;
  return new ProbeContext({ ...ctx.model, ...change }, { ...options, adapter: ctx.adapter });
}

/** Whether an OpenAI-compatible API answers at `baseUrl`: it lists models (or refuses the key there), or the type's call works. */
async function answersAt(ctx: ProbeContext, baseUrl: string, timeoutMs?: number): Promise<boolean> {
  const { onProgress: _silent, ...options } = ctx.options;
  const candidate = new ProbeContext({ ...ctx.model, baseUrl }, { ...options, adapter: ctx.adapter, ...(timeoutMs !== undefined ? { timeoutMs: Math.min(timeoutMs, ctx.timeoutMs), connectTimeoutMs: Math.min(timeoutMs, ctx.connectTimeoutMs) } : {}) });
  const listing = await candidate.listing();
  if (listing.kind === 'listed' || listing.kind === 'rejected') return true;
  if (listing.kind !== 'not-listed-by-provider') return false;
  const type = ctx.model.type as ModelType;
  const capability = PRIMARY_CAPABILITY[type];
  if (capability === undefined) return false;
  return (await probeCapability(candidate, capability, true)).failure === undefined;
}

/** The first other type whose call this model answers. */
async function typeThatAnswers(ctx: ProbeContext): Promise<ModelType | undefined> {
  for (const type of OTHER_TYPES) {
    if (type === ctx.model.type || !ctx.adapter.features.modelTypes.includes(type)) continue;
    const outcome = await probeCapability(variant(ctx, { type }), PRIMARY_CAPABILITY[type], true);
    if (outcome.failure === undefined) return type;
  }
  return undefined;
}

/**
 * `https` for an `http` base URL whose host answers the same API over TLS (with a
 * certificate the validator trusts): the key and the prompts would then be encrypted in
 * transit. Runs beside the checks; never fails anything.
 */
export async function suggestHttps(ctx: ProbeContext): Promise<CheckSuggestion | undefined> {
  const candidate = httpsVariant(ctx.model.baseUrl);
  if (candidate === undefined || !(await answersAt(ctx, candidate, CANDIDATE_TIMEOUT_MS).catch(() => false))) return undefined;
  return {
    message: `${candidate} answers too, over TLS: use https so the API key and the prompts are encrypted on the way.`,
    field: 'baseUrl',
    value: candidate,
  };
}

/**
 * A fix for a failed required check, proven by a call, or undefined. A 404 from a base
 * URL without a version path: the same URL with `/v1` is tried. The type's own call
 * refused (400, 404, 405, 415, 422, not an unknown model): the other types are tried.
 */
export async function suggestFix(ctx: ProbeContext, failed: CheckResult): Promise<CheckSuggestion | undefined> {
  if (failed.code === ERROR_CODES.modelNotFound || failed.code === ERROR_CODES.providerCredentialInvalid) return undefined;
  if (failed.httpStatus === 404) {
    const candidate = withVersionPath(ctx.model.baseUrl);
    if (candidate !== undefined && (await answersAt(ctx, candidate))) {
      return { message: `${candidate} answers like an OpenAI-compatible API: the base URL is missing /v1. Use ${candidate}.`, field: 'baseUrl', value: candidate };
    }
  }
  const type = ctx.model.type as ModelType;
  if (failed.name === PRIMARY_CAPABILITY[type] && failed.httpStatus !== undefined && REFUSED_REQUEST.has(failed.httpStatus)) {
    const other = await typeThatAnswers(ctx);
    if (other !== undefined) {
      const endpoint = ctx.target('POST', capabilityEndpoint(PRIMARY_CAPABILITY[other]));
      return {
        message: `The model answers on ${endpoint}: it is ${other === 'embedding' ? 'an' : 'a'} ${other} model. Register it with type ${TYPE_LABELS[other]}.`,
        field: 'type',
        value: other,
      };
    }
  }
  return undefined;
}
