import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type ChatMessage, type DatapointInputs } from '@model-garden/contracts';
import { type EntityManager, IsNull, Repository } from 'typeorm';
import { type QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { isUuid } from '../shared/pg-errors.util';
import { DatapointEntity } from './datapoint.entity';

/** A datapoint ready to store (checked by `datapointProblems`, defaults filled in). */
export interface NewDatapoint {
  inputs: DatapointInputs;
  messages: ChatMessage[] | null;
  expectedOutput: string | null;
  metadata: Record<string, unknown>;
}

const INSERT_BATCH = 500;

/**
 * Every query of `dataset_datapoints`: the versions of each datapoint, current while
 * `deleted_revision` is null (a change closes a version and writes a new one).
 */
@Injectable()
export class DatapointRepository {
  constructor(@InjectRepository(DatapointEntity) private readonly datapoints: Repository<DatapointEntity>) {}

  /** The input variable names used by the current datapoints, sorted. */
  async inputKeys(datasetId: string, manager?: EntityManager): Promise<string[]> {
    const rows: { key: string }[] = await (manager ?? this.datapoints.manager).query(
      `SELECT DISTINCT jsonb_object_keys(inputs) AS key FROM dataset_datapoints WHERE dataset_id = $1 AND deleted_revision IS NULL ORDER BY 1 LIMIT 1000`,
      [datasetId],
    );
    return rows.map((r) => r.key);
  }

  async currentPage(datasetId: string, limit: number, afterPosition?: number): Promise<DatapointEntity[]> {
    const query = this.datapoints
      .createQueryBuilder('p')
      .where('p.dataset_id = :datasetId AND p.deleted_revision IS NULL', { datasetId });
    if (afterPosition !== undefined) query.andWhere('p.position > :afterPosition', { afterPosition });
    return query.orderBy('p.position', 'ASC').limit(limit).getMany();
  }

  async findCurrent(manager: EntityManager, datasetId: string, datapointId: string): Promise<DatapointEntity | null> {
    if (!isUuid(datapointId)) return null;
    return manager.findOne(DatapointEntity, { where: { datasetId, datapointId, deletedRevision: IsNull() } });
  }

  /** The number of current datapoints. */
  async countCurrent(manager: EntityManager, datasetId: string): Promise<number> {
    return manager.count(DatapointEntity, { where: { datasetId, deletedRevision: IsNull() } });
  }

  /** The position after the last current datapoint. */
  async nextPosition(manager: EntityManager, datasetId: string): Promise<number> {
    const [{ next }] = (await manager.query(`SELECT COALESCE(max(position) + 1, 0)::int AS next FROM dataset_datapoints WHERE dataset_id = $1 AND deleted_revision IS NULL`, [datasetId])) as [{ next: number }];
    return next;
  }

  /** Inserts new datapoint versions in batches; `datapointIds` keeps ids across an edit. */
  async insertVersions(manager: EntityManager, datasetId: string, revision: number, startPosition: number, rows: readonly NewDatapoint[], datapointIds?: readonly string[]): Promise<DatapointEntity[]> {
    const now = new Date();
    const entities = rows.map((row, i) =>
      Object.assign(new DatapointEntity(), {
        versionId: randomUUID(),
        datasetId,
        datapointId: datapointIds?.[i] ?? randomUUID(),
        position: startPosition + i,
        inputs: row.inputs,
        messages: row.messages,
        expectedOutput: row.expectedOutput,
        metadata: row.metadata,
        createdRevision: revision,
        deletedRevision: null,
        createdAt: now,
      } satisfies DatapointEntity),
    );
    for (let i = 0; i < entities.length; i += INSERT_BATCH) {
      await manager.createQueryBuilder().insert().into(DatapointEntity).values(entities.slice(i, i + INSERT_BATCH) as QueryDeepPartialEntity<DatapointEntity>[]).execute();
    }
    return entities;
  }

  /** Closes the current version of one datapoint (or of every one) at `revision`. */
  async closeVersions(manager: EntityManager, datasetId: string, revision: number, datapointId?: string): Promise<number> {
    const result = await manager
      .createQueryBuilder()
      .update(DatapointEntity)
      .set({ deletedRevision: revision })
      .where({ datasetId, deletedRevision: IsNull(), ...(datapointId ? { datapointId } : {}) })
      .execute();
    return result.affected ?? 0;
  }
}
