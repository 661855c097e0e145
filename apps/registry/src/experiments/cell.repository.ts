import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type CellError, type CellOutcomeStatus, type CellStatus, type EvaluatorScore } from '@model-garden/contracts';
import { type EntityManager, Repository } from 'typeorm';
import { CellEntity } from './cell.entity';
import { type AggregatedCell } from './run-aggregates.util';
import { type RunEntity } from './run.entity';

/** A cell's place in the grid: row, column (snapshot order), repetition. */
export interface GridKey {
  rowIndex: number;
  columnPosition: number;
  repetition: number;
}

/** Which cells of a run to queue again: its failed ones, a row, a column or one cell. */
export type RequeueTarget = { status: 'failed' } | { datapointId: string } | { columnId: string } | { id: string };

/** A cell's result as the worker reported it. */
export interface CellResult {
  cellId: string;
  attempt: number;
  status: CellOutcomeStatus;
  output: string | null;
  finishReason: string | null;
  latencyMs: number | null;
  ttftMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  scores: readonly EvaluatorScore[];
  error: CellError | null;
}

/** A queued cell with its datapoint version (a join row). */
export interface QueuedCell {
  id: string;
  datapoint_id: string;
  row_index: number;
  column_id: string;
  repetition: number;
  attempt: number;
  inputs: unknown;
  messages: unknown;
  expected_output: string | null;
}

/** Every query of `experiment_cells`. */
@Injectable()
export class CellRepository {
  constructor(@InjectRepository(CellEntity) private readonly cells: Repository<CellEntity>) {}

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

  /** Sets a run's counts from its cells (after a change of many cells at once); the caller saves the run. */
  async recount(manager: EntityManager, run: RunEntity): Promise<void> {
    const counts = await this.countsByStatus(manager, run.id);
    run.queuedCount = counts.queued;
    run.completedCount = counts.completed;
    run.failedCount = counts.failed;
    run.cancelledCount = counts.cancelled;
    run.totalCount = counts.queued + counts.completed + counts.failed + counts.cancelled;
  }

  async cellsForAggregates(runId: string): Promise<(AggregatedCell & { rowIndex: number })[]> {
    const rows = await this.cells.find({
      where: { runId },
      select: { datapointId: true, columnId: true, status: true, latencyMs: true, ttftMs: true, costUsd: true, inputTokens: true, outputTokens: true, scores: true, rowIndex: true, repetition: true },
    });
    return rows;
  }

  /** Cells in grid order (row, column, repetition), after the given one. */
  async gridPage(runId: string, limit: number, after?: GridKey): Promise<CellEntity[]> {
    const query = this.cells.createQueryBuilder('c').where('c.run_id = :runId', { runId });
    if (after) query.andWhere('(c.row_index, c.column_position, c.repetition) > (:rowIndex, :columnPosition, :repetition)', after);
    return query.orderBy('c.row_index', 'ASC').addOrderBy('c.column_position', 'ASC').addOrderBy('c.repetition', 'ASC').limit(limit).getMany();
  }

  /**
   * Cells changed after `updatedAfter` (an ISO time, microseconds kept), in change
   * order, each with its change time to the microsecond for the next poll.
   */
  async changesPage(runId: string, limit: number, updatedAfter: string, afterId?: string): Promise<{ cell: CellEntity; changedAt: string }[]> {
    const query = this.cells
      .createQueryBuilder('c')
      .addSelect(`to_char(c.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, 'changed_at')
      .where('c.run_id = :runId', { runId });
    if (afterId) query.andWhere('(c.updated_at, c.id) > (:updatedAfter::timestamptz, :afterId)', { updatedAfter, afterId });
    else query.andWhere('c.updated_at > :updatedAfter::timestamptz', { updatedAfter });
    const { entities, raw } = await query.orderBy('c.updated_at', 'ASC').addOrderBy('c.id', 'ASC').limit(limit).getRawAndEntities<{ changed_at: string }>();
    return entities.map((cell, i) => ({ cell, changedAt: raw[i]!.changed_at }));
  }

  /** The newest change time of the run's cells, to the microsecond (ISO); null without cells. */
  async latestChange(runId: string): Promise<string | null> {
    const [row] = (await this.cells.query(
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

  /**
   * Queues again, in `dispatch`, the run's cells the target names (its failed cells, a
   * row, a column or one cell), clearing their results; the number of cells queued.
   */
  async requeue(manager: EntityManager, runId: string, dispatch: number, target: RequeueTarget): Promise<number> {
    const result = await manager
      .createQueryBuilder()
      .update(CellEntity)
      .set({
        status: 'queued',
        attempt: () => 'attempt + 1',
        dispatch,
        output: null,
        finishReason: null,
        latencyMs: null,
        ttftMs: null,
        inputTokens: null,
        outputTokens: null,
        costUsd: null,
        scores: () => `'[]'::jsonb`,
        error: null,
        updatedAt: () => 'clock_timestamp()',
      })
      .where({ runId, ...target })
      .execute();
    return result.affected ?? 0;
  }

  /** Stores a cell's result if the cell is still queued at that attempt; false when it is not (stale or already stored). */
  async storeResult(manager: EntityManager, runId: string, result: CellResult): Promise<boolean> {
    const [rows] = (await manager.query(
      `UPDATE experiment_cells
       SET status = $4, output = $5, finish_reason = $6, latency_ms = $7, ttft_ms = $8, input_tokens = $9, output_tokens = $10,
           cost_usd = $11, scores = $12::jsonb, error = $13::jsonb, updated_at = clock_timestamp()
       WHERE id = $1 AND run_id = $2 AND attempt = $3 AND status = 'queued'
       RETURNING id`,
      [
        result.cellId,
        runId,
        result.attempt,
        result.status,
        result.output,
        result.finishReason,
        result.latencyMs,
        result.ttftMs,
        result.inputTokens,
        result.outputTokens,
        result.costUsd,
        JSON.stringify(result.scores.map(({ evaluatorId, score, passed, reason, error }) => ({ evaluatorId, score, passed, reason, error }))),
        result.error ? JSON.stringify({ code: result.error.code, message: result.error.message }) : null,
      ],
    )) as [unknown[], number];
    return rows.length > 0;
  }

  /** The current attempt of a cell of the run, or null when the run has no such cell. */
  async attemptOf(manager: EntityManager, runId: string, cellId: string): Promise<number | null> {
    const cell = await manager.findOne(CellEntity, { where: { id: cellId, runId }, select: { id: true, attempt: true } });
    return cell ? cell.attempt : null;
  }

  /** Cancels the run's queued cells. */
  async cancelQueued(manager: EntityManager, runId: string): Promise<void> {
    await manager.query(`UPDATE experiment_cells SET status = 'cancelled', updated_at = clock_timestamp() WHERE run_id = $1 AND status = 'queued'`, [runId]);
  }

  /** The queued cells of one dispatch of a run with their datapoint versions, by cell id after `afterId` ('' for the first page). */
  async queuedOfDispatch(runId: string, dispatch: number, afterId: string, limit: number): Promise<QueuedCell[]> {
    return this.cells.query(
      `SELECT c.id, c.datapoint_id, c.row_index, c.column_id, c.repetition, c.attempt, d.inputs, d.messages, d.expected_output
       FROM experiment_cells c JOIN dataset_datapoints d ON d.version_id = c.datapoint_version_id
       WHERE c.run_id = $1 AND c.dispatch = $2 AND c.status = 'queued' AND ($3 = '' OR c.id > $3::uuid)
       ORDER BY c.id LIMIT $4`,
      [runId, dispatch, afterId, limit],
    );
  }
}
