import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PgNotifications } from '../../../infrastructure/pg-notifications.service';
import { ModelRepository } from '../../model.repository';
import { type ApplyOutcome } from '../apply-validation-result/apply-validation-result.usecase';
import { type ApplyHealthChangeCommand } from './apply-health-change.command';

/**
 * Moves a validated model between `active` and `degraded` after a health check,
 * for the current revision only, and never a model that is still validating or
 * failed (a health check cannot promote it). Duplicates and stale events change nothing.
 */
@Injectable()
export class ApplyHealthChangeUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly models: ModelRepository,
    private readonly notifications: PgNotifications,
  ) {}

  async execute(command: ApplyHealthChangeCommand): Promise<ApplyOutcome> {
    const message = command.status === 'degraded' ? (command.checks.find((c) => c.status === 'fail')?.message ?? 'A health check failed.') : null;
    return this.dataSource.transaction(async (manager) => {
      const event = { modelId: command.modelId, workspaceId: command.workspaceId, revision: command.revision, status: command.status, statusMessage: message, eventTime: command.eventTime };
      if (!(await this.models.applyHealthChange(manager, event))) return 'ignored';
      await this.notifications.notify(manager, 'models', command.modelId);
      return 'applied';
    });
  }
}
