import { Injectable } from '@nestjs/common';
import { type ValidationProgress } from '@model-garden/contracts';
import { ModelRepository } from '../../model.repository';
import { type ApplyOutcome } from '../apply-validation-result/apply-validation-result.usecase';
import { type ApplyValidationProgressCommand } from './apply-validation-progress.command';

/**
 * Keeps the newest progress of a model's current revision, shown as `progress` by the
 * model's answers (GET, ?wait, the studio's live view). Progress of another revision, a
 * duplicate or a late event of an earlier attempt changes nothing. No notification:
 * `?wait` waits for the verdict, and readers poll the progress.
 */
@Injectable()
export class ApplyValidationProgressUseCase {
  constructor(private readonly models: ModelRepository) {}

  async execute(command: ApplyValidationProgressCommand): Promise<ApplyOutcome> {
    const progress: ValidationProgress = {
      revision: command.revision,
      attempt: command.attempt,
      maxAttempts: command.maxAttempts,
      sequence: command.sequence,
      checks: command.checks.map((c) => ({ ...c, ...(c.suggestion ? { suggestion: { ...c.suggestion } } : {}) })),
      nextAttemptAt: command.nextAttemptAt,
      updatedAt: command.at,
    };
    return (await this.models.applyValidationProgress(command.modelId, command.workspaceId, progress)) ? 'applied' : 'ignored';
  }
}
