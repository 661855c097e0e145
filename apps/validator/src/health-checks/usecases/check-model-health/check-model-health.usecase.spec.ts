import { type ModelHealthChangedData, type ResolvedModel } from '@model-garden/contracts';
import { type HealthOutcome } from '@model-garden/providers';
import { type ModelProber } from '../../../infrastructure/model-prober';
import { type RegistryClient } from '../../../infrastructure/registry.client';
import { type ValidationEventsPublisher } from '../../../infrastructure/validation-events.publisher';
import { type ValidatorMetrics } from '../../../metrics/validator.metrics';
import { CheckModelHealthCommand } from './check-model-health.command';
import { CheckModelHealthUseCase } from './check-model-health.usecase';

describe('CheckModelHealthUseCase', () => {
  let found: ResolvedModel | undefined;
  let health: HealthOutcome['status'];
  const published: ModelHealthChangedData[] = [];
  const registry = { getModelForValidation: jest.fn(async () => found) } as unknown as RegistryClient;
  const prober = { healthCheck: jest.fn(async () => ({ status: health, checks: [], adapter: 'a', durationMs: 1 })) } as unknown as ModelProber;
  const publisher = { modelHealthChanged: jest.fn(async (data: ModelHealthChangedData) => void published.push(data)) } as unknown as ValidationEventsPublisher;
  const metrics = { recordChecks: jest.fn(), recordHealth: jest.fn() } as unknown as ValidatorMetrics;
  const useCase = new CheckModelHealthUseCase(registry, prober, publisher, metrics);
  const job = CheckModelHealthCommand.create({ modelId: 'm-1', workspaceId: 'w-1', revision: 4, status: 'active' });
  const model = (status: string, revision = 4) => ({ id: 'm-1', workspaceId: 'w-1', revision, status, type: 'chat', baseUrl: 'u', upstreamModelId: 'x', apiKey: 'k' }) as ResolvedModel;

  beforeEach(() => {
    published.length = 0;
    jest.clearAllMocks();
  });

  it('publishes when an active model turns degraded, and when it recovers', async () => {
    found = model('active');
    health = 'degraded';
    expect(await useCase.execute(job)).toEqual({ kind: 'changed', from: 'active', to: 'degraded' });
    found = model('degraded');
    health = 'active';
    expect(await useCase.execute(job)).toEqual({ kind: 'changed', from: 'degraded', to: 'active' });
    expect(published.map((p) => [p.status, p.revision])).toEqual([
      ['degraded', 4],
      ['active', 4],
    ]);
  });

  it('stays quiet when nothing changed, and skips models no longer in service or superseded', async () => {
    found = model('active');
    health = 'active';
    expect(await useCase.execute(job)).toEqual({ kind: 'unchanged', status: 'active' });
    found = model('validating', 5);
    expect((await useCase.execute(job)).kind).toBe('skipped');
    found = model('failed');
    expect((await useCase.execute(job)).kind).toBe('skipped');
    expect(published).toHaveLength(0);
  });
});
