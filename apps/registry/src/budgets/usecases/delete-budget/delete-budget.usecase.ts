import { Injectable } from '@nestjs/common';
import { type BudgetChangedData, EVENT_TYPES, TOPICS } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { OutboxService } from '../../../outbox/outbox.service';
import { BudgetRepository } from '../../budget.repository';
import { type DeleteBudgetCommand } from './delete-budget.command';

/** Deletes a budget (its alerts go with it; the ledger stays: it is the workspace's, not the budget's). */
@Injectable()
export class DeleteBudgetUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly budgets: BudgetRepository,
    private readonly outbox: OutboxService,
  ) {}

  async execute(command: DeleteBudgetCommand): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const budget = await this.budgets.getInWorkspace(command.auth.workspaceId, command.id, manager);
      await this.budgets.remove(manager, budget.id);
      const data: BudgetChangedData = { budgetId: budget.id, workspaceId: budget.workspaceId, change: 'deleted' };
      await this.outbox.append(manager, TOPICS.budgets, EVENT_TYPES.budgetChanged, budget.id, data);
    });
  }
}
