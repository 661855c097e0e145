import { type CapabilityMatrix, type CheckResult, ERROR_CODES, type ModelType } from '@model-garden/contracts';
import { type Capability, CAPABILITIES_BY_TYPE, parseModelType, PRIMARY_CAPABILITY } from '../core/capability';
import { failure, type UpstreamFailure } from '../core/upstream-failure';
import { AUTHENTICATION_CHECK, probeAuthentication } from './authentication.probe';
import { type CapabilityOutcome, probeCapability } from './capability.probes';
import { CONNECTIVITY_CHECK, probeConnectivity } from './connectivity.probe';
import { MODEL_CHECK, probeModel } from './model.probe';
import { check, ProbeContext } from './probe-context';
import { type HealthOutcome, type ProbeModel, type ProbeOptions, type ValidationFailure, type ValidationOutcome } from './probe.types';
import { keyPrefixHint, suggestFix, suggestHttps } from './suggestion.probe';

interface Decided {
  check: CheckResult;
  failure?: UpstreamFailure;
}

function skipped(name: string, reason: string): CheckResult {
  return check(name, 'skip', 0, 'ok', `Not run: ${reason}.`);
}

/** The first required check that failed decides the verdict and whether a retry may help. */
function decide(required: Decided[]): ValidationFailure | undefined {
  const first = required.find((entry) => entry.check.status === 'fail');
  if (first === undefined) return undefined;
  return {
    check: first.check.name,
    code: first.check.code,
    message: first.check.message,
    transient: first.failure?.transient ?? false,
    ...(first.failure?.retryAfterMs !== undefined ? { retryAfterMs: first.failure.retryAfterMs } : {}),
    ...(first.failure?.retryOnce ? { retryOnce: true } : {}),
  };
}

/** Runs tasks at most `limit` at a time, keeping their order in the result. */
async function pooled<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** The model's type if this adapter serves it, or the reason it cannot be tested. */
function resolveType(ctx: ProbeContext): { type: ModelType } | { failure: UpstreamFailure } {
  let type: ModelType;
  try {
    type = parseModelType(ctx.model.type);
  } catch (error) {
    return { failure: failure('http', ERROR_CODES.capabilityMissing, (error as Error).message, false) };
  }
  if (!ctx.adapter.features.modelTypes.includes(type)) {
    return {
      failure: failure(
        'http',
        ERROR_CODES.capabilityMissing,
        `${ctx.adapter.name} does not serve ${type} models through its OpenAI-compatible API (${ctx.adapter.docsUrl}). Choose the type the model really has.`,
        false,
      ),
    };
  }
  return { type };
}

/** The type's first real call, memoised: authentication and model checks may need it before the type check. */
function primaryCall(ctx: ProbeContext, resolved: ReturnType<typeof resolveType>): () => Promise<CapabilityOutcome> {
  if ('failure' in resolved) {
    const name = PRIMARY_CAPABILITY[ctx.model.type as ModelType] ?? ctx.model.type;
    const outcome: CapabilityOutcome = { check: check(name, 'fail', 0, resolved.failure.code, resolved.failure.message), capabilities: {}, failure: resolved.failure };
    return () => Promise.resolve(outcome);
  }
  return () => probeCapability(ctx, PRIMARY_CAPABILITY[resolved.type], true);
}

/** Tells `onProgress` about a check; a listener that throws never breaks the validation. */
function reporter(options: ProbeOptions): { started(name: string): void; finished(result: CheckResult): void } {
  const tell = options.onProgress;
  const safe = (run: () => void): void => {
    try {
      run();
    } catch {
      // Progress is best effort; the verdict carries every check anyway.
    }
  };
  return {
    started: (name) => {
      if (tell) safe(() => tell({ check: name, state: 'running' }));
    },
    finished: (result) => {
      if (tell) safe(() => tell({ check: result.name, state: result.status, result }));
    },
  };
}

/**
 * Validates a model: connectivity, authentication, the model ID, then its type's
 * capabilities (the first required, the others optional). The model is `active` when
 * connectivity, authentication, the model and its type work; an optional capability
 * that fails is a `warn` and `false` in the matrix. Every call is bounded and goes
 * through the network given in the options (the outbound guard).
 */
export async function runValidation(model: ProbeModel, options: ProbeOptions): Promise<ValidationOutcome> {
  const started = performance.now();
  const ctx = new ProbeContext(model, options);
  const report = reporter(options);
  const checks: CheckResult[] = [];
  const capabilities: CapabilityMatrix = {};
  const resolved = resolveType(ctx);
  const primaryName = 'type' in resolved ? PRIMARY_CAPABILITY[resolved.type] : model.type;
  const optional: readonly Capability[] = 'type' in resolved ? CAPABILITIES_BY_TYPE[resolved.type].slice(1) : [];
  /** Runs one check, telling progress as it starts and as it finishes. */
  const step = async <T extends Decided>(name: string, run: () => Promise<T>): Promise<T> => {
    report.started(name);
    const outcome = await run();
    checks.push(outcome.check);
    report.finished(outcome.check);
    return outcome;
  };
  /** Adds a suggestion to a finished check and tells progress again. */
  const suggest = (result: CheckResult, suggestion: CheckResult['suggestion']): void => {
    if (suggestion === undefined) return;
    result.suggestion = suggestion;
    report.finished(result);
  };
  // An http base URL whose host also answers https: looked at beside the checks, told on connectivity.
  const https = suggestHttps(ctx).catch(() => undefined);
  const finish = async (required: Decided[]): Promise<ValidationOutcome> => {
    const connectivity = checks.find((c) => c.name === CONNECTIVITY_CHECK);
    if (connectivity !== undefined) suggest(connectivity, await https);
    const failed = required.find((entry) => entry.check.status === 'fail')?.check;
    if (failed !== undefined && failed.name !== AUTHENTICATION_CHECK && failed.suggestion === undefined) {
      suggest(failed, await suggestFix(ctx, failed).catch(() => undefined));
    }
    const authentication = checks.find((c) => c.name === AUTHENTICATION_CHECK && c.status !== 'skip');
    if (authentication !== undefined) suggest(authentication, keyPrefixHint(model.apiKey, model.baseUrl));
    const verdict = decide(required);
    return {
      status: verdict ? 'failed' : 'active',
      checks,
      capabilities,
      ...(verdict ? { failure: verdict } : {}),
      adapter: ctx.adapter.id,
      durationMs: Math.round(performance.now() - started),
    };
  };
  const skipRest = (names: readonly string[], reason: string): void => {
    for (const name of names) {
      const result = skipped(name, reason);
      checks.push(result);
      report.finished(result);
    }
  };

  const connectivity = await step(CONNECTIVITY_CHECK, () => probeConnectivity(ctx));
  if (connectivity.check.status === 'fail') {
    skipRest([AUTHENTICATION_CHECK, MODEL_CHECK, primaryName, ...optional], 'the provider could not be reached');
    return finish([connectivity]);
  }

  const primary = primaryCall(ctx, resolved);
  const authentication = await step(AUTHENTICATION_CHECK, () => probeAuthentication(ctx, primary));
  if (authentication.check.status === 'fail') {
    skipRest([MODEL_CHECK, primaryName, ...optional], 'the API key was rejected');
    return finish([connectivity, authentication]);
  }

  const modelCheck = await step(MODEL_CHECK, () => probeModel(ctx, primary));
  if (modelCheck.check.status === 'fail') {
    skipRest([primaryName, ...optional], 'the model was not found');
    return finish([connectivity, authentication, modelCheck]);
  }

  const main = await step(primaryName, primary);
  Object.assign(capabilities, main.capabilities);
  if (main.check.status === 'fail') {
    skipRest(optional, `${primaryName} failed`);
    return finish([connectivity, authentication, modelCheck, main]);
  }

  // Optional checks finish in any order; the verdict lists them in their fixed order.
  const before = checks.length;
  const extras = await pooled(optional, options.concurrency ?? 3, (capability) => step(capability, () => probeCapability(ctx, capability, false)));
  checks.splice(before, checks.length - before);
  for (const extra of extras) {
    checks.push(extra.check);
    Object.assign(capabilities, extra.capabilities);
  }
  return finish([connectivity, authentication, modelCheck, main]);
}

/**
 * The cheap re-check of a model in service: connectivity, authentication and the
 * model ID. When the provider lists models this is one `GET /models`; otherwise the
 * type's first call (with the smallest budget) stands in. `degraded` when any fails.
 */
export async function runHealthCheck(model: ProbeModel, options: ProbeOptions): Promise<HealthOutcome> {
  const started = performance.now();
  const ctx = new ProbeContext(model, options);
  const checks: CheckResult[] = [];
  const finish = (required: Decided[]): HealthOutcome => {
    const verdict = decide(required);
    return {
      status: verdict ? 'degraded' : 'active',
      checks,
      ...(verdict ? { failure: verdict } : {}),
      adapter: ctx.adapter.id,
      durationMs: Math.round(performance.now() - started),
    };
  };
  const connectivity = await probeConnectivity(ctx);
  checks.push(connectivity.check);
  if (connectivity.check.status === 'fail') return finish([connectivity]);
  const primary = primaryCall(ctx, resolveType(ctx));
  const authentication = await probeAuthentication(ctx, primary);
  checks.push(authentication.check);
  if (authentication.check.status === 'fail') return finish([connectivity, authentication]);
  const modelCheck = await probeModel(ctx, primary);
  checks.push(modelCheck.check);
  const required: Decided[] = [connectivity, authentication, modelCheck];
  const listing = await ctx.listing();
  if (listing.kind !== 'listed' || !listing.ids.includes(model.upstreamModelId)) {
    // Without the model in a list, the type's first call is the health signal (made once: auth or model may have made it).
    const main = await primary();
    checks.push(main.check);
    required.push(main);
  }
  return finish(required);
}
