import { Inject, Injectable } from '@nestjs/common';
import { type CheckResult, ERROR_CODES } from '@model-garden/contracts';
import { type AppLogger, LOGGER } from '@model-garden/platform';
import { type ValidationFailure } from '@model-garden/providers';
import { ValidatorConfig } from '../../../config/validator.config';
import { ModelProber } from '../../../infrastructure/model-prober';
import { RegistryClient } from '../../../infrastructure/registry.client';
import { ValidationEventsPublisher } from '../../../infrastructure/validation-events.publisher';
import { ValidatorMetrics } from '../../../metrics/validator.metrics';
import { ValidationProgress } from '../../validation-progress';
import { QUICK_RETRY_MS, RetryableValidationError, validationBackoffMs } from '../../validation-retry';
import { type ValidateModelCommand } from './validate-model.command';

export type ValidateModelResult =
  | { kind: 'skipped'; reason: string }
  | { kind: 'published'; status: 'active' | 'failed'; failure?: ValidationFailure }
  /** A failure worth another attempt: its progress says so; the verdict waits. The job runs again after `delayMs`. */
  | { kind: 'retry'; failure: ValidationFailure; delayMs: number };

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
 * already settled, runs the probes (publishing ModelValidationProgress as each check
 * starts, finishes or is retried), and publishes ModelValidated, unless the failure is
 * worth another attempt: a transient one while attempts remain (after a backoff), or one
 * that cannot improve with time, once, after QUICK_RETRY_MS.
 */
@Injectable()
export class ValidateModelUseCase {
  constructor(
    private readonly registry: RegistryClient,
    @Inject(ModelProber) private readonly prober: ModelProber,
    private readonly publisher: ValidationEventsPublisher,
    @Inject(ValidatorMetrics) private readonly metrics: ValidatorMetrics,
    private readonly config: ValidatorConfig,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {}

  async execute(command: ValidateModelCommand): Promise<ValidateModelResult> {
    const model = await this.registry.getModelForValidation(command.modelId);
    if (model === undefined) return { kind: 'skipped', reason: 'the model no longer exists' };
    if (model.revision > command.revision) return { kind: 'skipped', reason: `revision ${command.revision} was superseded by revision ${model.revision}` };
    if (model.revision < command.revision) throw new RevisionNotYetVisibleError(command.modelId, command.revision, model.revision);
    if (model.status !== 'validating') return { kind: 'skipped', reason: `revision ${command.revision} is already settled (${model.status})` };

    const workspaceId = model.workspaceId || command.workspaceId;
    const progress = new ValidationProgress(
      { modelId: model.id, workspaceId, revision: command.revision, attempt: command.attempt, maxAttempts: command.maxAttempts },
      (data) => this.publisher.modelValidationProgress(data),
      (error) => this.logger.warn({ err: error, modelId: model.id }, 'could not publish validation progress'),
    );
    const outcome = await this.prober.validate(
      { id: model.id, type: model.type, baseUrl: model.baseUrl, upstreamModelId: model.upstreamModelId, apiKey: model.apiKey },
      (step) => progress.record(step),
    );
    this.metrics.recordChecks(outcome.checks);
    const retry = outcome.failure ? this.retryPlan(outcome.failure, command) : undefined;
    if (outcome.failure && retry) {
      progress.retrying(outcome.failure, new Date(Date.now() + retry.delayMs), retry.maxAttempts);
      await progress.flush();
      return { kind: 'retry', failure: outcome.failure, delayMs: retry.delayMs };
    }
    // Every progress event of the revision leaves before its verdict (same topic, same key).
    await progress.flush();
    await this.publisher.modelValidated({
      modelId: model.id,
      workspaceId,
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
   * Whether a failed attempt is tried again, when, and how many attempts that makes: a
   * failure that cannot improve with time gets one quick retry (its first attempt only),
   * a transient one the backoff schedule while attempts remain, anything else none.
   */
  private retryPlan(failure: ValidationFailure, command: ValidateModelCommand): { delayMs: number; maxAttempts: number } | undefined {
    if (command.attempt >= command.maxAttempts) return undefined;
    if (failure.retryOnce) return command.attempt === 1 ? { delayMs: QUICK_RETRY_MS, maxAttempts: 2 } : undefined;
    if (!failure.transient) return undefined;
    const backoff = { baseMs: this.config.VALIDATOR_BACKOFF_MS, maxMs: this.config.VALIDATOR_BACKOFF_MAX_MS };
    return { delayMs: validationBackoffMs(command.attempt, new RetryableValidationError(failure), backoff), maxAttempts: command.maxAttempts };
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
