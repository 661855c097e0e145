import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, IsNull, LessThanOrEqual, MoreThan, Repository } from 'typeorm';
import { type QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { isUuid } from '../shared/pg-errors.util';
import { RegistryException } from '../shared/registry.exception';
import { BudgetEntity } from './budget.entity';

/** Every query of `budgets`, scoped by workspace. */
@Injectable()
export class BudgetRepository {
  constructor(@InjectRepository(BudgetEntity) private readonly budgets: Repository<BudgetEntity>) {}

  async getInWorkspace(workspaceId: string, id: string, manager?: EntityManager): Promise<BudgetEntity> {
    const found = isUuid(id) ? await (manager ?? this.budgets.manager).findOne(BudgetEntity, { where: { id, workspaceId } }) : null;
    if (!found) throw RegistryException.notFound('budget');
    return found;
  }

  async list(workspaceId: string): Promise<BudgetEntity[]> {
    return this.budgets.find({ where: { workspaceId }, order: { createdAt: 'DESC', id: 'DESC' }, take: 1000 });
  }

  async countInWorkspace(workspaceId: string): Promise<number> {
    return this.budgets.count({ where: { workspaceId } });
  }

  /** The budgets the gateway enforces now: active and not expired. */
  async listEnforced(workspaceId: string, now: Date): Promise<BudgetEntity[]> {
    return this.budgets.find({
      where: [
        { workspaceId, active: true, expiresAt: IsNull() },
        { workspaceId, active: true, expiresAt: MoreThan(now) },
      ],
      order: { createdAt: 'ASC', id: 'ASC' },
      take: 1000,
    });
  }

  /** Active budgets (expired ones included: they stop enforcing, their alerts too) created up to `now`. */
  async listActive(workspaceId: string, now: Date): Promise<BudgetEntity[]> {
    return this.budgets.find({ where: { workspaceId, active: true, createdAt: LessThanOrEqual(now) }, take: 1000 });
  }

  async insert(manager: EntityManager, budget: BudgetEntity): Promise<void> {
    await manager.insert(BudgetEntity, budget as QueryDeepPartialEntity<BudgetEntity>);
  }

  async save(manager: EntityManager, budget: BudgetEntity): Promise<void> {
    const { id, workspaceId: _workspaceId, createdAt: _createdAt, ...fields } = budget;
    await manager.update(BudgetEntity, { id }, fields as QueryDeepPartialEntity<BudgetEntity>);
  }

  async remove(manager: EntityManager, id: string): Promise<void> {
    await manager.delete(BudgetEntity, { id });
  }
}
