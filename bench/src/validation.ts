import type { ModelView } from '@model-garden/contracts';
import { chatModelBody, createApiKeys, createModel, deleteModel, listModels, mapLimit } from './registry-client';
import type { ValidationResults } from './results';
import { round, summarize } from './stats';

/** Scenario 3: POST /v1/models → active, one at a time and in a burst. */

export interface ValidationOptions {
  registryUrl: string;
  apiKey: string;
  /** `<mock>/v1` and its key: every model is validated against the benchmark's mock. */
  upstream: { baseUrl: string; apiKey: string };
  sequentialCount: number;
  sequentialWarmup: number;
  burstCount: number;
  burstConcurrency: number;
  burstTimeoutSeconds: number;
  log: (line: string) => void;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** createdAt → validatedAt of each model that has both, in milliseconds. */
export function validationDurations(models: readonly Pick<ModelView, 'createdAt' | 'validation'>[]): number[] {
  return models.filter((m) => m.validation?.validatedAt).map((m) => Date.parse(m.validation!.validatedAt!) - Date.parse(m.createdAt));
}

export async function runValidationScenario(o: ValidationOptions): Promise<Omit<ValidationResults, 'cleanup' | 'deleteFailures'>> {
  const body = (key: string): Record<string, unknown> => chatModelBody({ key, modelId: 'mock-chat', baseUrl: o.upstream.baseUrl, apiKey: o.upstream.apiKey });

  // One at a time: the POST holds until the result is applied (?wait), so its duration is POST → active.
  const durations: number[] = [];
  let failed = 0;
  let notActive = 0;
  for (let i = 0; i < o.sequentialWarmup + o.sequentialCount; i++) {
    const warm = i < o.sequentialWarmup;
    const started = performance.now();
    const reply = await createModel(o.registryUrl, o.apiKey, body(warm ? `warm-${i}` : `seq-${i - o.sequentialWarmup}`), 30);
    const ms = performance.now() - started;
    if (warm) continue;
    if (reply.status === 200 && reply.body.status === 'active') durations.push(ms);
    else if (reply.body?.status === 'failed') {
      failed += 1;
      o.log(`  model ${i} failed validation: ${reply.body.statusMessage ?? ''}`);
    } else {
      notActive += 1;
      o.log(`  model ${i}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`);
    }
  }
  const sequential = { count: o.sequentialCount, activeMs: summarize(durations), failed, notActive };
  o.log(`  one at a time: p50 ${round(sequential.activeMs.p50)} ms, p95 ${round(sequential.activeMs.p95)} ms, ${failed} failed, ${notActive} not settled`);

  return { sequential, burst: await runBurst(o, 'burst-') };
}

/** API keys for a burst of `count` POSTs: one per 400, well inside a key's allowance of 600 a minute. */
export function burstKeyCount(count: number): number {
  return Math.max(1, Math.ceil(count / 400));
}

/**
 * The burst: `burstCount` models posted as fast as the registry takes them
 * (`burstConcurrency` in flight), keys `<keyPrefix><i>`, then polled until none of them
 * is validating. The scale-out comparison runs it again with another prefix.
 */
export async function runBurst(o: Omit<ValidationOptions, 'sequentialCount' | 'sequentialWarmup'>, keyPrefix: string): Promise<ValidationResults['burst']> {
  const body = (key: string): Record<string, unknown> => chatModelBody({ key, modelId: 'mock-chat', baseUrl: o.upstream.baseUrl, apiKey: o.upstream.apiKey });
  // The registry limits each API key (600 a minute by default): the POSTs take turns over enough keys that none reaches it.
  const apiKeys = await createApiKeys(o.registryUrl, o.apiKey, burstKeyCount(o.burstCount));
  const burstStart = performance.now();
  const keys = Array.from({ length: o.burstCount }, (_, i) => `${keyPrefix}${i}`);
  const statuses = await mapLimit(keys, o.burstConcurrency, async (key, i) => {
    try {
      return (await createModel(o.registryUrl, apiKeys[i % apiKeys.length]!, body(key))).status;
    } catch {
      return 0;
    }
  });
  const postSeconds = (performance.now() - burstStart) / 1000;
  const rejected = statuses.filter((s) => s !== 202 && s !== 200).length;
  o.log(`  burst: ${o.burstCount - rejected} of ${o.burstCount} accepted in ${round(postSeconds)} s`);

  const isBurst = (m: ModelView): boolean => m.key.startsWith(keyPrefix);
  let allSettledSeconds: number | null = null;
  let lastReport = 0;
  const deadline = performance.now() + o.burstTimeoutSeconds * 1000;
  while (performance.now() < deadline) {
    const validating = (await listModels(o.registryUrl, o.apiKey, 'validating')).filter(isBurst).length;
    const elapsed = (performance.now() - burstStart) / 1000;
    if (validating === 0) {
      allSettledSeconds = elapsed;
      break;
    }
    if (elapsed - lastReport >= 10) {
      lastReport = elapsed;
      o.log(`  burst: ${validating} still validating after ${Math.round(elapsed)} s`);
    }
    await sleep(500);
  }
  const burstModels = (await listModels(o.registryUrl, o.apiKey)).filter(isBurst);
  const active = burstModels.filter((m) => m.status === 'active').length;
  const failedBurst = burstModels.filter((m) => m.status === 'failed').length;
  const perModel = validationDurations(burstModels);
  o.log(`  burst: ${active} active, ${failedBurst} failed after ${allSettledSeconds === null ? `more than ${o.burstTimeoutSeconds} s` : `${round(allSettledSeconds)} s`}`);
  return {
    count: o.burstCount,
    concurrency: o.burstConcurrency,
    postSeconds,
    rejected,
    allSettledSeconds,
    active,
    failed: failedBurst,
    leftBehind: o.burstCount - rejected - active - failedBurst,
    perModelMs: perModel.length ? summarize(perModel) : null,
    timeoutSeconds: o.burstTimeoutSeconds,
  };
}

/** Deletes every private model of the benchmark's workspace; returns how many deletes failed. */
export async function deleteAllModels(registryUrl: string, apiKey: string, log: (line: string) => void): Promise<number> {
  const models = await listModels(registryUrl, apiKey);
  // Spread over keys like the burst (the registry's per-key limit), each delete still waiting out a 429.
  const apiKeys = models.length > 400 ? await createApiKeys(registryUrl, apiKey, burstKeyCount(models.length)) : [apiKey];
  const statuses = await mapLimit(models, 16, async (m, i) => {
    try {
      return await deleteModel(registryUrl, apiKeys[i % apiKeys.length]!, m.id);
    } catch {
      return 0;
    }
  });
  const failures = statuses.filter((s) => s !== 204 && s !== 404).length;
  log(`deleted ${models.length - failures} benchmark models${failures ? `, ${failures} deletes failed` : ''}`);
  return failures;
}
