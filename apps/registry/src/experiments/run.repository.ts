import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type ExperimentRunRequestedData } from '@model-garden/contracts';
import { type EntityManager, Repository } from 'typeorm';
import { type QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { isUuid } from '../shared/pg-errors.util';
import { RegistryException } from '../shared/registry.exception';
import { RunEntity } from './run.entity';

const lockOption = (lock: boolean) => (lock ? { lock: { mode: 'pessimistic_write' as const } } : {});

/** Every query of `experiment_runs`; REST reads are scoped by workspace here. */
@Injectable()
export class RunRepository {
  constructor(@InjectRepository(RunEntity) private readonly runs: Repository<RunEntity>) {}

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.runs.manager;
  }

  /** A run of an experiment of the workspace, or a 404 that looks the same for another workspace's. */
  async getRun(workspaceId: string, experimentId: string, runId: string, manager?: EntityManager, lock = false): Promise<RunEntity> {
    const found = isUuid(runId) && isUuid(experimentId) ? await this.manager(manager).findOne(RunEntity, { where: { id: runId, experimentId, workspaceId }, ...lockOption(lock) }) : null;
    if (!found) throw RegistryException.notFound('run');
    return found;
  }

  /** A run by id alone, for platform services (gRPC, events). */
  async findRun(runId: string, manager?: EntityManager, lock = false): Promise<RunEntity | null> {
    return isUuid(runId) ? this.manager(manager).findOne(RunEntity, { where: { id: runId }, ...lockOption(lock) }) : null;
  }

  async runsPage(experimentId: string, limit: number, beforeNumber?: number): Promise<RunEntity[]> {
    const query = this.runs.createQueryBuilder('r').where('r.experiment_id = :experimentId', { experimentId });
    if (beforeNumber !== undefined) query.andWhere('r.number < :beforeNumber', { beforeNumber });
    return query.orderBy('r.number', 'DESC').limit(limit).getMany();
  }

  /** Whether the experiment has a run in progress. */
  async activeRuns(manager: EntityManager, experimentId: string): Promise<number> {
    const [{ count }] = (await manager.query(`SELECT count(*)::int AS count FROM experiment_runs WHERE experiment_id = $1 AND status IN ('queued', 'running')`, [experimentId])) as [{ count: number }];
    return count;
  }

  async saveRun(manager: EntityManager, run: RunEntity): Promise<void> {
    run.updatedAt = new Date();
    await manager.save(RunEntity, run);
  }

  async insert(manager: EntityManager, run: RunEntity): Promise<void> {
    await manager.insert(RunEntity, run as QueryDeepPartialEntity<RunEntity>);
  }

  /**
   * Runs with queued cells and no change for `stuckAfterSeconds`, locked (SKIP LOCKED, so
   * several registries never take one run), as the event that asks for them again.
   * Waiting counts from the run's last event reaching Kafka: while it is still in the outbox, nothing is lost.
   */
  async lockStuck(manager: EntityManager, stuckAfterSeconds: number, batchSize: number): Promise<ExperimentRunRequestedData[]> {
    return manager.query(
      `SELECT r.id AS "runId", r.experiment_id AS "experimentId", r.workspace_id AS "workspaceId", r.dispatch, r.queued_count AS "cellCount"
         FROM experiment_runs r
        WHERE r.status IN ('queued', 'running') AND r.queued_count > 0 AND r.updated_at < now() - make_interval(secs => $1)
          AND NOT EXISTS (
            SELECT 1 FROM outbox o
             WHERE o.message_key = r.id::text AND (o.published_at IS NULL OR o.published_at > now() - make_interval(secs => $1)))
        ORDER BY r.updated_at LIMIT $2 FOR UPDATE OF r SKIP LOCKED`,
      [stuckAfterSeconds, batchSize],
    );
  }

  /** Marks a run changed now (the database's clock), so the sweeper waits again before asking for it. */
  async touch(manager: EntityManager, runId: string): Promise<void> {
    await manager.query(`UPDATE experiment_runs SET updated_at = now() WHERE id = $1`, [runId]);
  }
}
