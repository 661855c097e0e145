import { Injectable } from '@nestjs/common';
import { type BudgetThresholdEventPage } from '@model-garden/contracts';
import { BudgetAlertRepository } from '../../budget-alert.repository';
import { BudgetRepository } from '../../budget.repository';
import { toThresholdEventView } from '../../budget.mapper';
import { type ListBudgetAlertsCommand } from './list-budget-alerts.command';

const RECENT = 100;

/** The workspace's latest threshold crossings (BudgetThresholdReached), newest first. */
@Injectable()
export class ListBudgetAlertsUseCase {
  constructor(
    private readonly alerts: BudgetAlertRepository,
    private readonly budgets: BudgetRepository,
  ) {}

  async execute(command: ListBudgetAlertsCommand): Promise<BudgetThresholdEventPage> {
    const [rows, budgets] = await Promise.all([this.alerts.listRecent(command.auth.workspaceId, RECENT), this.budgets.list(command.auth.workspaceId)]);
    const names = new Map(budgets.map((budget) => [budget.id, budget.name]));
    return { data: rows.map((row) => toThresholdEventView(row, names.get(row.budgetId) ?? '')) };
  }
}
