import { type ModelValidatedData, type ResolvedModel } from '@model-garden/contracts';
import { type ValidationOutcome } from '@model-garden/providers';
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
  const registry = { getModelForValidation: jest.fn(async () => found) } as unknown as RegistryClient;
  const prober = { validate: jest.fn(async () => outcome) } as unknown as ModelProber;
  const publisher = { modelValidated: jest.fn(async (data: ModelValidatedData) => void published.push(data)) } as unknown as ValidationEventsPublisher;
  const metrics = { recordChecks: jest.fn(), recordVerdict: jest.fn() } as unknown as ValidatorMetrics;
  const useCase = new ValidateModelUseCase(registry, prober, publisher, metrics);
  const command = ValidateModelCommand.create({ modelId: 'm-1', workspaceId: 'w-1', revision: 2, attempt: 1, maxAttempts: 3 });

  beforeEach(() => {
    published.length = 0;
    found = model();
    outcome = { status: 'active', checks: [], capabilities: { chat: true }, adapter: 'openai-compatible', durationMs: 1 };
    jest.clearAllMocks();
  });

  it('publishes the verdict with revision, checks, capabilities and attempts, and no secret', async () => {
    expect(await useCase.execute(command)).toEqual({ kind: 'published', status: 'active' });
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ modelId: 'm-1', workspaceId: 'w-1', revision: 2, status: 'active', capabilities: { chat: true }, attempts: 1 });
    expect(JSON.stringify(published[0])).not.toContain('sk-secret');
    expect(prober.validate).toHaveBeenCalledWith(expect.objectContaining({ apiKey: 'sk-secret-0123456789', upstreamModelId: 'x' }));
  });

  it('asks for a retry on a transient failure while attempts remain, and publishes failed on the last', async () => {
    outcome = failed(true);
    expect(await useCase.execute(command)).toMatchObject({ kind: 'retry', failure: { transient: true } });
    expect(published).toHaveLength(0);
    expect(await useCase.execute(ValidateModelCommand.create({ ...command, attempt: 3 }))).toMatchObject({ kind: 'published', status: 'failed' });
    expect(published[0]).toMatchObject({ status: 'failed', attempts: 3 });
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
