import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type CellStatus } from '@model-garden/contracts';
import { type EntityManager, Repository } from 'typeorm';
import { isUuid } from '../shared/pg-errors.util';
import { RegistryException } from '../shared/registry.exception';
import { CellEntity } from './cell.entity';
import { ExperimentEntity } from './experiment.entity';
import { type AggregatedCell } from './run-aggregates.util';
import { RunEntity } from './run.entity';

/** A cell's place in the grid: row, column (snapshot order), repetition. */
export interface GridKey {
  rowIndex: number;
  columnPosition: number;
  repetition: number;
}

const lockOption = (lock: boolean) => (lock ? { lock: { mode: 'pessimistic_write' as const } } : {});

/** Every read and write of experiments, runs and cells; REST reads are scoped by workspace here. */
@Injectable()
export class ExperimentRepository {
  constructor(@InjectRepository(ExperimentEntity) private readonly experiments: Repository<ExperimentEntity>) {}

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.experiments.manager;
  }

  async getInWorkspace(workspaceId: string, id: string, manager?: EntityManager, lock = false): Promise<ExperimentEntity> {
    const found = isUuid(id) ? await this.manager(manager).findOne(ExperimentEntity, { where: { id, workspaceId }, ...lockOption(lock) }) : null;
    if (!found) throw RegistryException.notFound('experiment');
    return found;
  }

  async page(workspaceId: string, limit: number, after?: { createdAt: string; id: string }): Promise<ExperimentEntity[]> {
    const query = this.experiments.createQueryBuilder('e').where('e.workspace_id = :workspaceId', { workspaceId });
    if (after) query.andWhere('(e.created_at, e.id) < (:createdAt, :id)', after);
    return query.orderBy('e.created_at', 'DESC').addOrderBy('e.id', 'DESC').limit(limit).getMany();
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
    const query = this.experiments.manager.createQueryBuilder(RunEntity, 'r').where('r.experiment_id = :experimentId', { experimentId });
    if (beforeNumber !== undefined) query.andWhere('r.number < :beforeNumber', { beforeNumber });
    return query.orderBy('r.number', 'DESC').limit(limit).getMany();
  }

  /** Whether the experiment has a run in progress. */
  async activeRuns(manager: EntityManager, experimentId: string): Promise<number> {
    const [{ count }] = (await manager.query(`SELECT count(*)::int AS count FROM experiment_runs WHERE experiment_id = $1 AND status IN ('queued', 'running')`, [experimentId])) as [{ count: number }];
    return count;
  }

  /** The rows of a dataset revision, in order. */
  async rowsAtRevision(manager: EntityManager, datasetId: string, revision: number): Promise<number> {
    const [{ count }] = (await manager.query(
      `SELECT count(*)::int AS count FROM dataset_datapoints WHERE dataset_id = $1 AND created_revision <= $2 AND (deleted_revision IS NULL OR deleted_revision > $2)`,
      [datasetId, revision],
    )) as [{ count: number }];
    return count;
  }

  /** Creates every cell of a run (rows of the revision × columns × repetitions), queued in dispatch 1. */
  async insertCells(manager: EntityManager, runId: string, datasetId: string, revision: number, columnIds: readonly string[], repetitions: number): Promise<number> {
    const [{ count }] = (await manager.query(
      `WITH rows AS (
         SELECT version_id, datapoint_id, (row_number() OVER (ORDER BY position, datapoint_id) - 1)::int AS row_index
         FROM dataset_datapoints
         WHERE dataset_id = $2 AND created_revision <= $3 AND (deleted_revision IS NULL OR deleted_revision > $3)
       ), inserted AS (
         INSERT INTO experiment_cells (id, run_id, datapoint_version_id, datapoint_id, row_index, column_id, column_position, repetition, attempt, dispatch, status, scores, updated_at)
         SELECT gen_random_uuid(), $1, r.version_id, r.datapoint_id, r.row_index, col.id, (col.ord - 1)::int, rep, 1, 1, 'queued', '[]'::jsonb, clock_timestamp()
         FROM rows r CROSS JOIN unnest($4::text[]) WITH ORDINALITY AS col(id, ord) CROSS JOIN generate_series(1, $5::int) AS rep
         RETURNING 1
       )
       SELECT count(*)::int AS count FROM inserted`,
      [runId, datasetId, revision, columnIds, repetitions],
    )) as [{ count: number }];
    return count;
  }

  async countsByStatus(manager: EntityManager, runId: string): Promise<Record<CellStatus, number>> {
    const rows: { status: CellStatus; count: number }[] = await manager.query(`SELECT status, count(*)::int AS count FROM experiment_cells WHERE run_id = $1 GROUP BY status`, [runId]);
    const counts: Record<CellStatus, number> = { queued: 0, completed: 0, failed: 0, cancelled: 0 };
    for (const row of rows) counts[row.status] = row.count;
    return counts;
  }

  /** Stores a run's counts from its cells (after a change of many cells at once). */
  async recount(manager: EntityManager, run: RunEntity): Promise<void> {
    const counts = await this.countsByStatus(manager, run.id);
    run.queuedCount = counts.queued;
    run.completedCount = counts.completed;
    run.failedCount = counts.failed;
    run.cancelledCount = counts.cancelled;
    run.totalCount = counts.queued + counts.completed + counts.failed + counts.cancelled;
  }

  async saveRun(manager: EntityManager, run: RunEntity): Promise<void> {
    run.updatedAt = new Date();
    await manager.save(RunEntity, run);
  }

  async cellsForAggregates(runId: string): Promise<(AggregatedCell & { rowIndex: number })[]> {
    const rows = await this.experiments.manager.find(CellEntity, {
      where: { runId },
      select: { datapointId: true, columnId: true, status: true, latencyMs: true, ttftMs: true, costUsd: true, inputTokens: true, outputTokens: true, scores: true, rowIndex: true, repetition: true },
    });
    return rows;
  }

  /** Cells in grid order (row, column, repetition), after the given one. */
  async gridPage(runId: string, limit: number, after?: GridKey): Promise<CellEntity[]> {
    const query = this.experiments.manager.createQueryBuilder(CellEntity, 'c').where('c.run_id = :runId', { runId });
    if (after) query.andWhere('(c.row_index, c.column_position, c.repetition) > (:rowIndex, :columnPosition, :repetition)', after);
    return query.orderBy('c.row_index', 'ASC').addOrderBy('c.column_position', 'ASC').addOrderBy('c.repetition', 'ASC').limit(limit).getMany();
  }

  /**
   * Cells changed after `updatedAfter` (an ISO time, microseconds kept), in change
   * order, each with its change time to the microsecond for the next poll.
   */
  async changesPage(runId: string, limit: number, updatedAfter: string, afterId?: string): Promise<{ cell: CellEntity; changedAt: string }[]> {
    const query = this.experiments.manager
      .createQueryBuilder(CellEntity, 'c')
      .addSelect(`to_char(c.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, 'changed_at')
      .where('c.run_id = :runId', { runId });
    if (afterId) query.andWhere('(c.updated_at, c.id) > (:updatedAfter::timestamptz, :afterId)', { updatedAfter, afterId });
    else query.andWhere('c.updated_at > :updatedAfter::timestamptz', { updatedAfter });
    const { entities, raw } = await query.orderBy('c.updated_at', 'ASC').addOrderBy('c.id', 'ASC').limit(limit).getRawAndEntities<{ changed_at: string }>();
    return entities.map((cell, i) => ({ cell, changedAt: raw[i]!.changed_at }));
  }

  /** The newest change time of the run's cells, to the microsecond (ISO); null without cells. */
  async latestChange(runId: string): Promise<string | null> {
    const [row] = (await this.experiments.manager.query(
      `SELECT to_char(max(updated_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS latest FROM experiment_cells WHERE run_id = $1`,
      [runId],
    )) as [{ latest: string | null }];
    return row.latest;
  }

  /** Every cell in grid order, page by page (exports). */
  async *allCells(runId: string, pageSize = 1000): AsyncGenerator<CellEntity[]> {
    let after: GridKey | undefined;
    for (;;) {
      const page = await this.gridPage(runId, pageSize, after);
      if (page.length === 0) return;
      yield page;
      const last = page[page.length - 1]!;
      after = { rowIndex: last.rowIndex, columnPosition: last.columnPosition, repetition: last.repetition };
      if (page.length < pageSize) return;
    }
  }
}
