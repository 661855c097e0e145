import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MAX_DATASET_ROWS } from '@model-garden/contracts';
import { type EntityManager, Repository } from 'typeorm';
import { isUuid } from '../shared/pg-errors.util';
import { RegistryException } from '../shared/registry.exception';
import { DatasetEntity } from './dataset.entity';

/** Every query of `datasets`, scoped by workspace here. */
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

  /**
   * Takes the next revision of a locked dataset and returns it; every datapoint
   * written or closed in this transaction carries it.
   */
  nextRevision(dataset: DatasetEntity): number {
    dataset.revision += 1;
    return dataset.revision;
  }

  /** Stores the dataset row's revision, row count (`count` current datapoints) and time after a change in the same transaction. */
  async saveCounts(manager: EntityManager, dataset: DatasetEntity, count: number): Promise<void> {
    if (count > MAX_DATASET_ROWS) {
      throw RegistryException.field('datapoints', `A dataset holds at most ${MAX_DATASET_ROWS} datapoints; this change would make ${count}. Split the dataset, or import with mode=replace.`);
    }
    dataset.rowCount = count;
    dataset.updatedAt = new Date();
    await manager.update(DatasetEntity, { id: dataset.id }, { revision: dataset.revision, rowCount: count, updatedAt: dataset.updatedAt });
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
