import { Injectable } from '@nestjs/common';
import { type ListWorkspaceBudgetsResponse } from '@model-garden/contracts';
import { BudgetClock } from '../../budget-clock.service';
import { BudgetRepository } from '../../budget.repository';
import { toEnforcedBudget } from '../../budget.mapper';
import { type ListEnforcedBudgetsCommand } from './list-enforced-budgets.command';

/** The budgets a gateway enforces for a workspace: active, not expired. */
@Injectable()
export class ListEnforcedBudgetsUseCase {
  constructor(
    private readonly budgets: BudgetRepository,
    private readonly clock: BudgetClock,
  ) {}

  async execute(command: ListEnforcedBudgetsCommand): Promise<ListWorkspaceBudgetsResponse> {
    const rows = await this.budgets.listEnforced(command.workspaceId, this.clock.now());
    return { budgets: rows.map(toEnforcedBudget) };
  }
}
