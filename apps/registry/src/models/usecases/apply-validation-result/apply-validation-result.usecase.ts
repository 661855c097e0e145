import { Injectable } from '@nestjs/common';
import { type ModelValidationView } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { PgNotifications } from '../../../infrastructure/pg-notifications.service';
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
    private readonly notifications: PgNotifications,
  ) {}

  async execute(command: ApplyValidationResultCommand): Promise<ApplyOutcome> {
    const validation: ModelValidationView = { checks: command.checks.map((c) => ({ ...c })), capabilities: command.capabilities, validatedAt: command.validatedAt };
    const failure = command.status === 'failed' ? (command.checks.find((c) => c.status === 'fail')?.message ?? 'Validation failed.') : null;
    return this.dataSource.transaction(async (manager) => {
      const updated: unknown[] = await manager.query(
        `UPDATE models
            SET status = $1, status_message = $2, validation = $3, status_event_at = $4, updated_at = now()
          WHERE id = $5 AND workspace_id = $6 AND revision = $7 AND (status_event_at IS NULL OR status_event_at < $4)
        RETURNING id`,
        [command.status, failure, JSON.stringify(validation), command.eventTime, command.modelId, command.workspaceId, command.revision],
      );
      if (rowCount(updated) === 0) return 'ignored';
      await this.notifications.notify(manager, 'models', command.modelId);
      return 'applied';
    });
  }
}

/** TypeORM answers an UPDATE … RETURNING on PostgreSQL with `[rows, count]`. */
export function rowCount(result: unknown[]): number {
  if (result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[1];
  return result.length;
}
