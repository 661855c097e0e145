import { Inject, Injectable } from '@nestjs/common';
import { type CheckResult, ERROR_CODES } from '@model-garden/contracts';
import { type ValidationFailure } from '@model-garden/providers';
import { ModelProber } from '../../../infrastructure/model-prober';
import { RegistryClient } from '../../../infrastructure/registry.client';
import { ValidationEventsPublisher } from '../../../infrastructure/validation-events.publisher';
import { ValidatorMetrics } from '../../../metrics/validator.metrics';
import { type ValidateModelCommand } from './validate-model.command';

export type ValidateModelResult =
  | { kind: 'skipped'; reason: string }
  | { kind: 'published'; status: 'active' | 'failed'; failure?: ValidationFailure }
  /** A transient failure with attempts left: nothing published, try again later. */
  | { kind: 'retry'; failure: ValidationFailure };

/** The registry is behind the event (a replica lagging): try again. */
export class RevisionNotYetVisibleError extends Error {
  constructor(modelId: string, expected: number, seen: number) {
    super(`model ${modelId}: the registry shows revision ${seen}, the job is for ${expected}`);
    this.name = 'RevisionNotYetVisibleError';
  }
}

/**
 * Validates one model revision: fetches the model and its decrypted key from the
 * registry (never from the event), skips a revision that is gone, superseded or
 * already settled, runs the probes, and publishes ModelValidated, unless the
 * failure is transient and attempts remain.
 */
@Injectable()
export class ValidateModelUseCase {
  constructor(
    private readonly registry: RegistryClient,
    @Inject(ModelProber) private readonly prober: ModelProber,
    private readonly publisher: ValidationEventsPublisher,
    @Inject(ValidatorMetrics) private readonly metrics: ValidatorMetrics,
  ) {}

  async execute(command: ValidateModelCommand): Promise<ValidateModelResult> {
    const model = await this.registry.getModelForValidation(command.modelId);
    if (model === undefined) return { kind: 'skipped', reason: 'the model no longer exists' };
    if (model.revision > command.revision) return { kind: 'skipped', reason: `revision ${command.revision} was superseded by revision ${model.revision}` };
    if (model.revision < command.revision) throw new RevisionNotYetVisibleError(command.modelId, command.revision, model.revision);
    if (model.status !== 'validating') return { kind: 'skipped', reason: `revision ${command.revision} is already settled (${model.status})` };

    const outcome = await this.prober.validate({
      id: model.id,
      type: model.type,
      baseUrl: model.baseUrl,
      upstreamModelId: model.upstreamModelId,
      apiKey: model.apiKey,
    });
    this.metrics.recordChecks(outcome.checks);
    if (outcome.status === 'failed' && outcome.failure?.transient && command.attempt < command.maxAttempts) {
      return { kind: 'retry', failure: outcome.failure };
    }
    await this.publisher.modelValidated({
      modelId: model.id,
      workspaceId: model.workspaceId || command.workspaceId,
      revision: command.revision,
      status: outcome.status,
      checks: outcome.checks,
      capabilities: outcome.capabilities,
      validatedAt: new Date().toISOString(),
      attempts: command.attempt,
    });
    this.metrics.recordVerdict(outcome.status, command.attempt);
    return { kind: 'published', status: outcome.status, ...(outcome.failure ? { failure: outcome.failure } : {}) };
  }

  /**
   * The verdict when the probes could not run at all and attempts are exhausted
   * (registry unreachable, worker crashing): `failed`, with the reason as its only check,
   * so no model stays `validating`.
   */
  async publishGaveUp(job: { modelId: string; workspaceId: string; revision: number }, attempts: number, reason: string): Promise<void> {
    const check: CheckResult = {
      name: 'validation',
      status: 'fail',
      latencyMs: 0,
      code: ERROR_CODES.serviceUnavailable,
      message: `The validation could not run: ${reason}. Ask for a new validation once the platform is healthy.`,
    };
    await this.publisher.modelValidated({
      modelId: job.modelId,
      workspaceId: job.workspaceId,
      revision: job.revision,
      status: 'failed',
      checks: [check],
      capabilities: {},
      validatedAt: new Date().toISOString(),
      attempts,
    });
    this.metrics.recordVerdict('failed', attempts);
  }
}
