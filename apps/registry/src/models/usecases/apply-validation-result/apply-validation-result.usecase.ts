import { Injectable } from '@nestjs/common';
import { type ModelValidationView } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { PgNotifications } from '../../../infrastructure/pg-notifications.service';
import { ModelRepository } from '../../model.repository';
import { type ApplyValidationResultCommand } from './apply-validation-result.command';

export type ApplyOutcome = 'applied' | 'ignored';

/**
 * Applies a validation result only to the revision it was computed for, and only
 * if it is newer than the last result applied to that revision: a duplicate, a
 * result for an older revision, or one that arrives after a newer one changes
 * nothing. One conditional UPDATE decides, so replicas consuming concurrently
 * cannot both apply.
 */
@Injectable()
export class ApplyValidationResultUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly models: ModelRepository,
    private readonly notifications: PgNotifications,
  ) {}

  async execute(command: ApplyValidationResultCommand): Promise<ApplyOutcome> {
    const validation: ModelValidationView = { checks: command.checks.map((c) => ({ ...c })), capabilities: command.capabilities, validatedAt: command.validatedAt };
    const failure = command.status === 'failed' ? (command.checks.find((c) => c.status === 'fail')?.message ?? 'Validation failed.') : null;
    return this.dataSource.transaction(async (manager) => {
      const event = { modelId: command.modelId, workspaceId: command.workspaceId, revision: command.revision, status: command.status, statusMessage: failure, eventTime: command.eventTime };
      if (!(await this.models.applyValidationResult(manager, event, validation))) return 'ignored';
      await this.notifications.notify(manager, 'models', command.modelId);
      return 'applied';
    });
  }
}
