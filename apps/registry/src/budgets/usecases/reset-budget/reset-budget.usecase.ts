import { Injectable } from '@nestjs/common';
import { type BudgetChangedData, type BudgetView, EVENT_TYPES, TOPICS } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { OutboxService } from '../../../outbox/outbox.service';
import { BudgetClock } from '../../budget-clock.service';
import { BudgetRepository } from '../../budget.repository';
import { BudgetViews } from '../../budget-views.service';
import { type ResetBudgetCommand } from './reset-budget.command';

/**
 * Starts the budget's counting again now: consumption counts from the reset on until
 * the period ends, and the gateways' Redis counters start from a new key (they are
 * keyed by `resetCount`, which BudgetChanged makes them read again).
 */
@Injectable()
export class ResetBudgetUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly budgets: BudgetRepository,
    private readonly views: BudgetViews,
    private readonly outbox: OutboxService,
    private readonly clock: BudgetClock,
  ) {}

  async execute(command: ResetBudgetCommand): Promise<BudgetView> {
    const budget = await this.dataSource.transaction(async (manager) => {
      const found = await this.budgets.getInWorkspace(command.auth.workspaceId, command.id, manager);
      const now = this.clock.now();
      found.resetAt = now;
      found.resetCount += 1;
      found.updatedAt = now;
      await this.budgets.save(manager, found);
      const data: BudgetChangedData = { budgetId: found.id, workspaceId: found.workspaceId, change: 'reset' };
      await this.outbox.append(manager, TOPICS.budgets, EVENT_TYPES.budgetChanged, found.id, data);
      return found;
    });
    return this.views.view(budget);
  }
}
