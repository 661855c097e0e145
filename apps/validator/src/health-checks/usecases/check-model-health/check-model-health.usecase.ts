import { Inject, Injectable } from '@nestjs/common';
import { ModelProber } from '../../../infrastructure/model-prober';
import { RegistryClient } from '../../../infrastructure/registry.client';
import { ValidationEventsPublisher } from '../../../infrastructure/validation-events.publisher';
import { ValidatorMetrics } from '../../../metrics/validator.metrics';
import { type CheckModelHealthCommand } from './check-model-health.command';

export type CheckModelHealthResult = { kind: 'skipped'; reason: string } | { kind: 'unchanged'; status: string } | { kind: 'changed'; from: string; to: string };

const IN_SERVICE = new Set(['active', 'degraded']);

/**
 * Re-checks one model in service with the cheap checks (connectivity, key, model ID)
 * and publishes ModelHealthChanged when it turns `degraded` or recovers to `active`.
 * The registry's current status is the reference, so no state is kept here.
 */
@Injectable()
export class CheckModelHealthUseCase {
  constructor(
    private readonly registry: RegistryClient,
    @Inject(ModelProber) private readonly prober: ModelProber,
    private readonly publisher: ValidationEventsPublisher,
    @Inject(ValidatorMetrics) private readonly metrics: ValidatorMetrics,
  ) {}

  async execute(command: CheckModelHealthCommand): Promise<CheckModelHealthResult> {
    const model = await this.registry.getModelForValidation(command.modelId);
    if (model === undefined) return { kind: 'skipped', reason: 'the model no longer exists' };
    if (model.revision !== command.revision) return { kind: 'skipped', reason: `revision ${command.revision} was superseded by ${model.revision}` };
    if (!IN_SERVICE.has(model.status)) return { kind: 'skipped', reason: `the model is ${model.status}` };
    const outcome = await this.prober.healthCheck({ id: model.id, type: model.type, baseUrl: model.baseUrl, upstreamModelId: model.upstreamModelId, apiKey: model.apiKey });
    this.metrics.recordChecks(outcome.checks);
    const changed = outcome.status !== model.status;
    this.metrics.recordHealth(outcome.status, changed);
    if (!changed) return { kind: 'unchanged', status: outcome.status };
    await this.publisher.modelHealthChanged({
      modelId: model.id,
      workspaceId: model.workspaceId || command.workspaceId,
      revision: model.revision,
      status: outcome.status,
      checks: outcome.checks,
      checkedAt: new Date().toISOString(),
    });
    return { kind: 'changed', from: model.status, to: outcome.status };
  }
}
