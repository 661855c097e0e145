import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type ChatMessage, type DatapointInputs, MAX_DATASET_ROWS } from '@model-garden/contracts';
import { type EntityManager, IsNull, Repository } from 'typeorm';
import { type QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { isUuid } from '../shared/pg-errors.util';
import { RegistryException } from '../shared/registry.exception';
import { DatapointEntity } from './datapoint.entity';
import { DatasetEntity } from './dataset.entity';

/** A datapoint ready to store (checked by `datapointProblems`, defaults filled in). */
export interface NewDatapoint {
  inputs: DatapointInputs;
  messages: ChatMessage[] | null;
  expectedOutput: string | null;
  metadata: Record<string, unknown>;
}

const INSERT_BATCH = 500;

/** Every read and write of datasets and their datapoint versions, scoped by workspace here. */
@Injectable()
export class DatasetRepository {
  constructor(@InjectRepository(DatasetEntity) private readonly datasets: Repository<DatasetEntity>) {}

  /** The dataset, or a 404 that looks the same whether it is missing or another workspace's. */
  async getInWorkspace(workspaceId: string, id: string, manager?: EntityManager, lock = false): Promise<DatasetEntity> {
    const dataset = isUuid(id)
      ? await (manager ?? this.datasets.manager).findOne(DatasetEntity, { where: { id, workspaceId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) })
      : null;
    if (!dataset) throw RegistryException.notFound('dataset');
    return dataset;
  }

  async page(workspaceId: string, limit: number, after?: { createdAt: string; id: string }): Promise<DatasetEntity[]> {
    const query = this.datasets.createQueryBuilder('d').where('d.workspace_id = :workspaceId', { workspaceId });
    if (after) query.andWhere('(d.created_at, d.id) < (:createdAt, :id)', after);
    return query.orderBy('d.created_at', 'DESC').addOrderBy('d.id', 'DESC').limit(limit).getMany();
  }

  /** The input variable names used by the current datapoints, sorted. */
  async inputKeys(datasetId: string, manager?: EntityManager): Promise<string[]> {
    const rows: { key: string }[] = await (manager ?? this.datasets.manager).query(
      `SELECT DISTINCT jsonb_object_keys(inputs) AS key FROM dataset_datapoints WHERE dataset_id = $1 AND deleted_revision IS NULL ORDER BY 1 LIMIT 1000`,
      [datasetId],
    );
    return rows.map((r) => r.key);
  }

  async currentPage(datasetId: string, limit: number, afterPosition?: number): Promise<DatapointEntity[]> {
    const query = this.datasets.manager
      .createQueryBuilder(DatapointEntity, 'p')
      .where('p.dataset_id = :datasetId AND p.deleted_revision IS NULL', { datasetId });
    if (afterPosition !== undefined) query.andWhere('p.position > :afterPosition', { afterPosition });
    return query.orderBy('p.position', 'ASC').limit(limit).getMany();
  }

  async findCurrent(manager: EntityManager, datasetId: string, datapointId: string): Promise<DatapointEntity | null> {
    if (!isUuid(datapointId)) return null;
    return manager.findOne(DatapointEntity, { where: { datasetId, datapointId, deletedRevision: IsNull() } });
  }

  /**
   * Takes the next revision of a locked dataset and returns it; every datapoint
   * written or closed in this transaction carries it.
   */
  nextRevision(dataset: DatasetEntity): number {
    dataset.revision += 1;
    return dataset.revision;
  }

  /** Stores the dataset row's revision, row count and time after a change in the same transaction. */
  async saveCounts(manager: EntityManager, dataset: DatasetEntity): Promise<void> {
    const [{ count }] = (await manager.query(`SELECT count(*)::int AS count FROM dataset_datapoints WHERE dataset_id = $1 AND deleted_revision IS NULL`, [dataset.id])) as [{ count: number }];
    if (count > MAX_DATASET_ROWS) {
      throw RegistryException.field('datapoints', `A dataset holds at most ${MAX_DATASET_ROWS} datapoints; this change would make ${count}. Split the dataset, or import with mode=replace.`);
    }
    dataset.rowCount = count;
    dataset.updatedAt = new Date();
    await manager.update(DatasetEntity, { id: dataset.id }, { revision: dataset.revision, rowCount: count, updatedAt: dataset.updatedAt });
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
    const params: unknown[] = [revision, datasetId];
    let sql = `UPDATE dataset_datapoints SET deleted_revision = $1 WHERE dataset_id = $2 AND deleted_revision IS NULL`;
    if (datapointId) {
      sql += ` AND datapoint_id = $3`;
      params.push(datapointId);
    }
    const result = (await manager.query(sql, params)) as [unknown[], number];
    return result[1];
  }

  /** Whether an experiment uses the dataset (it cannot be deleted then). */
  async usedByExperiments(manager: EntityManager, datasetId: string): Promise<number> {
    const [{ count }] = (await manager.query(`SELECT count(*)::int AS count FROM experiments WHERE dataset_id = $1`, [datasetId])) as [{ count: number }];
    return count;
  }

  async insert(manager: EntityManager, dataset: DatasetEntity): Promise<void> {
    await manager.insert(DatasetEntity, dataset);
  }

  /** Stores a dataset's name and description. */
  async saveDetails(manager: EntityManager, dataset: DatasetEntity): Promise<void> {
    await manager.update(DatasetEntity, { id: dataset.id }, { name: dataset.name, description: dataset.description, updatedAt: dataset.updatedAt });
  }

  /** Deletes a dataset (its datapoints go with it). */
  async remove(manager: EntityManager, id: string): Promise<void> {
    await manager.delete(DatasetEntity, { id });
  }
}
