import { Injectable } from '@nestjs/common';
import { type BudgetListPage } from '@model-garden/contracts';
import { BudgetRepository } from '../../budget.repository';
import { BudgetViews } from '../../budget-views.service';
import { type ListBudgetsCommand } from './list-budgets.command';

/** The workspace's budgets, newest first, each with its consumption in the current period. */
@Injectable()
export class ListBudgetsUseCase {
  constructor(
    private readonly budgets: BudgetRepository,
    private readonly views: BudgetViews,
  ) {}

  async execute(command: ListBudgetsCommand): Promise<BudgetListPage> {
    const rows = await this.budgets.list(command.auth.workspaceId);
    return { data: await Promise.all(rows.map((budget) => this.views.view(budget))) };
  }
}
