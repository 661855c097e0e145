import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { BUDGET_LIMITS, type BudgetChangedData, type BudgetView, EVENT_TYPES, TOPICS } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { OutboxService } from '../../../outbox/outbox.service';
import { RegistryException } from '../../../shared/registry.exception';
import { BudgetClock } from '../../budget-clock.service';
import { BudgetEntity } from '../../budget.entity';
import { BudgetRepository } from '../../budget.repository';
import { BudgetScopeTargets } from '../../budget-scope-targets.service';
import { BudgetViews } from '../../budget-views.service';
import { type CreateBudgetCommand } from './create-budget.command';

/** A new budget, with BudgetChanged in the same transaction (gateways drop their cached budgets of the workspace). */
@Injectable()
export class CreateBudgetUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly budgets: BudgetRepository,
    private readonly targets: BudgetScopeTargets,
    private readonly views: BudgetViews,
    private readonly outbox: OutboxService,
    private readonly clock: BudgetClock,
  ) {}

  async execute(command: CreateBudgetCommand): Promise<BudgetView> {
    const { auth, input } = command;
    const targetId = await this.targets.resolve(auth, input.scope.kind, input.scope.targetId);
    if ((await this.budgets.countInWorkspace(auth.workspaceId)) >= BUDGET_LIMITS.maxBudgets) {
      throw RegistryException.conflict(`A workspace holds at most ${BUDGET_LIMITS.maxBudgets} budgets; delete one first.`);
    }
    const now = this.clock.now();
    const budget = Object.assign(new BudgetEntity(), {
      id: randomUUID(),
      workspaceId: auth.workspaceId,
      name: input.name.trim(),
      scopeKind: input.scope.kind,
      scopeTargetId: targetId,
      period: input.period,
      amountUsd: input.limits.amount ?? null,
      tokenLimit: input.limits.tokenLimit ?? null,
      requestsPerMinute: input.limits.requestsPerMinute ?? null,
      alertThresholds: (input.alerts ?? []).map((alert) => alert.threshold).sort((a, b) => a - b),
      active: input.active ?? true,
      expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
      resetAt: null,
      resetCount: 0,
      createdAt: now,
      updatedAt: now,
    } satisfies BudgetEntity);
    await this.dataSource.transaction(async (manager) => {
      await this.budgets.insert(manager, budget);
      const data: BudgetChangedData = { budgetId: budget.id, workspaceId: budget.workspaceId, change: 'created' };
      await this.outbox.append(manager, TOPICS.budgets, EVENT_TYPES.budgetChanged, budget.id, data);
    });
    return this.views.view(budget);
  }
}
