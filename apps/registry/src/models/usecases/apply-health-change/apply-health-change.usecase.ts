import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PgNotifications } from '../../../infrastructure/pg-notifications.service';
import { type ApplyOutcome, rowCount } from '../apply-validation-result/apply-validation-result.usecase';
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
    private readonly notifications: PgNotifications,
  ) {}

  async execute(command: ApplyHealthChangeCommand): Promise<ApplyOutcome> {
    const message = command.status === 'degraded' ? (command.checks.find((c) => c.status === 'fail')?.message ?? 'A health check failed.') : null;
    return this.dataSource.transaction(async (manager) => {
      const updated: unknown[] = await manager.query(
        `UPDATE models
            SET status = $1, status_message = $2, status_event_at = $3, updated_at = now()
          WHERE id = $4 AND workspace_id = $5 AND revision = $6 AND status IN ('active', 'degraded')
            AND (status_event_at IS NULL OR status_event_at < $3)
        RETURNING id`,
        [command.status, message, command.eventTime, command.modelId, command.workspaceId, command.revision],
      );
      if (rowCount(updated) === 0) return 'ignored';
      await this.notifications.notify(manager, 'models', command.modelId);
      return 'applied';
    });
  }
}
