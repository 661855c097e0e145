import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EvaluatorView } from '@model-garden/contracts';
import { type EntityManager, In, Repository } from 'typeorm';
import { type QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { isUuid } from '../shared/pg-errors.util';
import { RegistryException } from '../shared/registry.exception';
import { EvaluatorEntity } from './evaluator.entity';
import { BUILTIN_EVALUATOR_VIEWS, toEvaluatorView } from './evaluator.mapper';

/** Every read of evaluators, scoped by workspace; built-ins answer by their `builtin.*` id. */
@Injectable()
export class EvaluatorRepository {
  constructor(@InjectRepository(EvaluatorEntity) private readonly evaluators: Repository<EvaluatorEntity>) {}

  async getInWorkspace(workspaceId: string, id: string, manager?: EntityManager, lock = false): Promise<EvaluatorEntity> {
    const found = isUuid(id)
      ? await (manager ?? this.evaluators.manager).findOne(EvaluatorEntity, { where: { id, workspaceId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) })
      : null;
    if (!found) throw RegistryException.notFound('evaluator');
    return found;
  }

  async list(workspaceId: string): Promise<EvaluatorEntity[]> {
    return this.evaluators.find({ where: { workspaceId }, order: { createdAt: 'DESC', id: 'DESC' }, take: 1000 });
  }

  /** The evaluators named by `ids` (built-in or the workspace's), in that order; an unknown one is a 400 on `field[i]`. */
  async views(workspaceId: string, ids: readonly string[], field: string, manager?: EntityManager): Promise<EvaluatorView[]> {
    const uuids = ids.filter(isUuid);
    const rows = uuids.length ? await (manager ?? this.evaluators.manager).find(EvaluatorEntity, { where: { workspaceId, id: In(uuids) } }) : [];
    const byId = new Map<string, EvaluatorView>([...BUILTIN_EVALUATOR_VIEWS.map((v) => [v.id, v] as const), ...rows.map((r) => [r.id, toEvaluatorView(r)] as const)]);
    const missing = ids.map((id, i) => ({ id, i })).filter(({ id }) => !byId.has(id));
    if (missing.length > 0) {
      throw RegistryException.validation(missing.map(({ id, i }) => ({ field: `${field}[${i}]`, message: `${field}[${i}]: there is no evaluator "${id}" in this workspace (GET /v1/evaluators lists them)` })));
    }
    return ids.map((id) => byId.get(id)!);
  }

  async insert(evaluator: EvaluatorEntity): Promise<void> {
    await this.evaluators.insert(evaluator as QueryDeepPartialEntity<EvaluatorEntity>);
  }

  /** Stores an evaluator's name, description and config (its type never changes). */
  async saveDetails(manager: EntityManager, evaluator: EvaluatorEntity): Promise<void> {
    await manager.update(EvaluatorEntity, { id: evaluator.id }, { name: evaluator.name, description: evaluator.description, config: evaluator.config as never, updatedAt: evaluator.updatedAt });
  }

  async remove(manager: EntityManager, id: string): Promise<void> {
    await manager.delete(EvaluatorEntity, { id });
  }
}
