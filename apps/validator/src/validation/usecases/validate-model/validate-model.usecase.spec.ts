import { type ModelValidatedData, type ModelValidationProgressData, type ResolvedModel } from '@model-garden/contracts';
import { type AppLogger } from '@model-garden/platform';
import { type ProbeOptions, type ValidationOutcome } from '@model-garden/providers';
import { ValidatorConfig } from '../../../config/validator.config';
import { type ModelProber } from '../../../infrastructure/model-prober';
import { type RegistryClient } from '../../../infrastructure/registry.client';
import { type ValidationEventsPublisher } from '../../../infrastructure/validation-events.publisher';
import { type ValidatorMetrics } from '../../../metrics/validator.metrics';
import { ValidateModelCommand } from './validate-model.command';
import { RevisionNotYetVisibleError, ValidateModelUseCase } from './validate-model.usecase';

const model = (overrides: Partial<ResolvedModel> = {}): ResolvedModel =>
  ({
    id: 'm-1',
    workspaceId: 'w-1',
    type: 'chat',
    baseUrl: 'https://api.example.com/v1',
    upstreamModelId: 'x',
    apiKey: 'sk-secret-0123456789',
    status: 'validating',
    revision: 2,
    ...overrides,
  }) as ResolvedModel;

const failed = (transient: boolean): ValidationOutcome => ({
  status: 'failed',
  checks: [{ name: 'chat', status: 'fail', latencyMs: 5, code: transient ? 'provider_timeout' : 'provider_credential_invalid', message: 'm' }],
  capabilities: { chat: false },
  failure: { check: 'chat', code: transient ? 'provider_timeout' : 'provider_credential_invalid', message: 'm', transient },
  adapter: 'openai-compatible',
  durationMs: 5,
});

describe('ValidateModelUseCase', () => {
  let found: ResolvedModel | undefined;
  let outcome: ValidationOutcome;
  const published: ModelValidatedData[] = [];
  /** Every event in the order it was published: progress and verdicts. */
  const events: Array<{ type: 'progress'; data: ModelValidationProgressData } | { type: 'verdict'; data: ModelValidatedData }> = [];
  const registry = { getModelForValidation: jest.fn(async () => found) } as unknown as RegistryClient;
  const prober = {
    validate: jest.fn(async (_model: unknown, onProgress?: ProbeOptions['onProgress']) => {
      for (const check of outcome.checks) {
        onProgress?.({ check: check.name, state: 'running' });
        onProgress?.({ check: check.name, state: check.status, result: check });
      }
      return outcome;
    }),
  } as unknown as ModelProber;
  const publisher = {
    modelValidated: jest.fn(async (data: ModelValidatedData) => {
      published.push(data);
      events.push({ type: 'verdict', data });
    }),
    modelValidationProgress: jest.fn(async (data: ModelValidationProgressData) => {
      // Slower than the probes, so changes pile up and must leave coalesced, in order.
      await new Promise((resolve) => setTimeout(resolve, 5));
      events.push({ type: 'progress', data });
    }),
  } as unknown as ValidationEventsPublisher;
  const metrics = { recordChecks: jest.fn(), recordVerdict: jest.fn() } as unknown as ValidatorMetrics;
  // Default settings: the quick retry must not depend on them.
  const config = Object.assign(new ValidatorConfig(), { REGISTRY_GRPC_URL: '127.0.0.1:1' });
  const logger = { warn: jest.fn() } as unknown as AppLogger;
  const useCase = new ValidateModelUseCase(registry, prober, publisher, metrics, config, logger);
  const command = ValidateModelCommand.create({ modelId: 'm-1', workspaceId: 'w-1', revision: 2, attempt: 1, maxAttempts: 3 });

  beforeEach(() => {
    published.length = 0;
    events.length = 0;
    found = model();
    outcome = { status: 'active', checks: [], capabilities: { chat: true }, adapter: 'openai-compatible', durationMs: 1 };
    jest.clearAllMocks();
  });

  it('publishes the verdict with revision, checks, capabilities and attempts, and no secret', async () => {
    expect(await useCase.execute(command)).toEqual({ kind: 'published', status: 'active' });
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ modelId: 'm-1', workspaceId: 'w-1', revision: 2, status: 'active', capabilities: { chat: true }, attempts: 1 });
    expect(JSON.stringify(published[0])).not.toContain('sk-secret');
    expect(prober.validate).toHaveBeenCalledWith(expect.objectContaining({ apiKey: 'sk-secret-0123456789', upstreamModelId: 'x' }), expect.any(Function));
  });

  it('asks for a retry on a transient failure while attempts remain, and publishes failed on the last', async () => {
    outcome = failed(true);
    expect(await useCase.execute(command)).toMatchObject({ kind: 'retry', failure: { transient: true } });
    expect(published).toHaveLength(0);
    expect(await useCase.execute(ValidateModelCommand.create({ ...command, attempt: 3 }))).toMatchObject({ kind: 'published', status: 'failed' });
    expect(published[0]).toMatchObject({ status: 'failed', attempts: 3 });
  });

  it('publishes progress before the verdict: every check as it starts and finishes, the last state complete', async () => {
    outcome = {
      status: 'active',
      checks: [
        { name: 'connectivity', status: 'pass', latencyMs: 1, code: 'ok', message: 'Reached it.' },
        { name: 'chat', status: 'pass', latencyMs: 3, code: 'ok', message: 'Replied.' },
      ],
      capabilities: { chat: true },
      adapter: 'openai-compatible',
      durationMs: 4,
    };
    await useCase.execute(command);
    expect(events.map((e) => e.type).at(-1)).toBe('verdict');
    const progress = events.flatMap((e) => (e.type === 'progress' ? [e.data] : []));
    expect(progress.map((p) => p.sequence)).toEqual(progress.map((_, i) => i));
    expect(progress.flatMap((p) => p.changes)).toEqual([
      { check: 'connectivity', state: 'running' },
      { check: 'connectivity', state: 'pass' },
      { check: 'chat', state: 'running' },
      { check: 'chat', state: 'pass' },
    ]);
    expect(progress.at(-1)).toMatchObject({ modelId: 'm-1', revision: 2, attempt: 1, maxAttempts: 3, nextAttemptAt: null });
    expect(progress.at(-1)?.checks).toEqual([
      expect.objectContaining({ name: 'connectivity', state: 'pass' }),
      expect.objectContaining({ name: 'chat', state: 'pass', message: 'Replied.' }),
    ]);
    expect(JSON.stringify(events)).not.toContain('sk-secret');
  });

  it('shows a transient failure at once as retrying, with the attempt and when the next one runs', async () => {
    outcome = failed(true);
    const before = Date.now();
    const result = await useCase.execute(command);
    expect(result).toMatchObject({ kind: 'retry', delayMs: expect.any(Number) });
    const last = events.at(-1);
    expect(last?.type).toBe('progress');
    const data = last?.data as ModelValidationProgressData;
    expect(data.checks.find((c) => c.name === 'chat')).toMatchObject({ state: 'retrying', code: 'provider_timeout', message: 'm' });
    expect({ attempt: data.attempt, maxAttempts: data.maxAttempts }).toEqual({ attempt: 1, maxAttempts: 3 });
    expect(Date.parse(data.nextAttemptAt ?? '')).toBeGreaterThanOrEqual(before + (result as { delayMs: number }).delayMs - 5);
  });

  it('gives a failure that cannot improve one quick retry, then the verdict, whatever the attempts setting', async () => {
    outcome = failed(false);
    outcome.failure = { ...outcome.failure!, code: 'provider_unreachable', retryOnce: true };
    const many = ValidateModelCommand.create({ ...command, maxAttempts: 5 });
    expect(await useCase.execute(many)).toMatchObject({ kind: 'retry', delayMs: 1_000 });
    expect((events.at(-1)?.data as ModelValidationProgressData).maxAttempts).toBe(2);
    expect(await useCase.execute(ValidateModelCommand.create({ ...many, attempt: 2 }))).toMatchObject({ kind: 'published', status: 'failed' });
  });

  it('publishes a permanent failure at once', async () => {
    outcome = failed(false);
    expect(await useCase.execute(command)).toMatchObject({ kind: 'published', status: 'failed', failure: { transient: false } });
  });

  it('skips a deleted model, a superseded revision and a settled one, without probing', async () => {
    found = undefined;
    expect(await useCase.execute(command)).toEqual({ kind: 'skipped', reason: 'the model no longer exists' });
    found = model({ revision: 3 });
    expect(await useCase.execute(command)).toEqual({ kind: 'skipped', reason: 'revision 2 was superseded by revision 3' });
    found = model({ status: 'active' });
    expect(await useCase.execute(command)).toEqual({ kind: 'skipped', reason: 'revision 2 is already settled (active)' });
    expect(prober.validate).not.toHaveBeenCalled();
  });

  it('retries when the registry has not caught up with the revision yet', async () => {
    found = model({ revision: 1 });
    await expect(useCase.execute(command)).rejects.toBeInstanceOf(RevisionNotYetVisibleError);
  });

  it('publishes a failed verdict when it gives up without probing', async () => {
    await useCase.publishGaveUp({ modelId: 'm-1', workspaceId: 'w-1', revision: 2 }, 5, 'registry GetModelForValidation failed: UNAVAILABLE');
    expect(published[0]).toMatchObject({ status: 'failed', attempts: 5, checks: [{ name: 'validation', status: 'fail', code: 'service_unavailable' }] });
    expect(published[0].checks[0].message).toContain('UNAVAILABLE');
  });
});
