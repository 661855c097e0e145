import { Injectable } from '@nestjs/common';
import { type BudgetView } from '@model-garden/contracts';
import { BudgetRepository } from '../../budget.repository';
import { BudgetViews } from '../../budget-views.service';
import { type GetBudgetCommand } from './get-budget.command';

@Injectable()
export class GetBudgetUseCase {
  constructor(
    private readonly budgets: BudgetRepository,
    private readonly views: BudgetViews,
  ) {}

  async execute(command: GetBudgetCommand): Promise<BudgetView> {
    return this.views.view(await this.budgets.getInWorkspace(command.auth.workspaceId, command.id));
  }
}
