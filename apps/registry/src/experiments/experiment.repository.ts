import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import { type QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { isUuid } from '../shared/pg-errors.util';
import { RegistryException } from '../shared/registry.exception';
import { ExperimentEntity } from './experiment.entity';

const lockOption = (lock: boolean) => (lock ? { lock: { mode: 'pessimistic_write' as const } } : {});

/** Every query of `experiments`; REST reads are scoped by workspace here. */
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

  async insert(experiment: ExperimentEntity): Promise<void> {
    await this.experiments.insert(experiment as QueryDeepPartialEntity<ExperimentEntity>);
  }

  async save(manager: EntityManager, experiment: ExperimentEntity): Promise<void> {
    await manager.save(ExperimentEntity, experiment);
  }

  /** Records a new run as the experiment's last. */
  async recordRun(manager: EntityManager, experimentId: string, runNumber: number, runId: string, at: Date): Promise<void> {
    await manager.update(ExperimentEntity, { id: experimentId }, { runCount: runNumber, lastRunId: runId, updatedAt: at });
  }

  /** Deletes an experiment (its runs and cells go with it). */
  async remove(manager: EntityManager, id: string): Promise<void> {
    await manager.delete(ExperimentEntity, { id });
  }

  /** How many experiments use the dataset (it cannot be deleted then). */
  async countUsingDataset(manager: EntityManager, datasetId: string): Promise<number> {
    return manager.count(ExperimentEntity, { where: { datasetId } });
  }

  /** How many experiments name the evaluator (it cannot be deleted then). */
  async countUsingEvaluator(manager: EntityManager, evaluatorId: string): Promise<number> {
    return manager.createQueryBuilder(ExperimentEntity, 'e').where(':evaluatorId = ANY (e.evaluator_ids)', { evaluatorId }).getCount();
  }
}
