import { Injectable } from '@nestjs/common';
import { EVENT_TYPES, type ExperimentRunRequestedData, TOPICS } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { OutboxService } from '../../../outbox/outbox.service';
import { type RequestStuckRunsCommand } from './request-stuck-runs.command';

/**
 * Asks the workers again for runs whose queued cells made no progress for too long:
 * a cell can be lost although every service did its part (its job ran out of attempts
 * while Kafka or the gateway was away and could not even publish its failure, or Redis
 * lost the queue). ExperimentRunRequested is written again for the run's current
 * dispatch; the worker re-enqueues by cell attempt (running and waiting jobs are left
 * alone, given-up ones retried), and the registry still stores each cell once. Rows
 * are locked with SKIP LOCKED, so several registries never ask twice for one run.
 */
@Injectable()
export class RequestStuckRunsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  /** The ids of the runs asked for again. */
  async execute(command: RequestStuckRunsCommand): Promise<string[]> {
    return this.dataSource.transaction(async (manager) => {
      // Waiting counts from the run's last event reaching Kafka: while it is still in the outbox, nothing is lost.
      const stuck: ExperimentRunRequestedData[] = await manager.query(
        `SELECT r.id AS "runId", r.experiment_id AS "experimentId", r.workspace_id AS "workspaceId", r.dispatch, r.queued_count AS "cellCount"
           FROM experiment_runs r
          WHERE r.status IN ('queued', 'running') AND r.queued_count > 0 AND r.updated_at < now() - make_interval(secs => $1)
            AND NOT EXISTS (
              SELECT 1 FROM outbox o
               WHERE o.message_key = r.id::text AND (o.published_at IS NULL OR o.published_at > now() - make_interval(secs => $1)))
          ORDER BY r.updated_at LIMIT $2 FOR UPDATE OF r SKIP LOCKED`,
        [command.stuckAfterSeconds, command.batchSize],
      );
      for (const run of stuck) {
        await manager.query(`UPDATE experiment_runs SET updated_at = now() WHERE id = $1`, [run.runId]);
        await this.outbox.append(manager, TOPICS.experiments, EVENT_TYPES.experimentRunRequested, run.runId, run);
      }
      return stuck.map((run) => run.runId);
    });
  }
}
