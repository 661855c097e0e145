import { Injectable } from '@nestjs/common';
import { type BudgetConsumptionTotals } from '@model-garden/contracts';
import { BudgetLedgerRepository } from '../../budget-ledger.repository';
import { BudgetRepository } from '../../budget.repository';
import { type GetBudgetConsumptionCommand } from './get-budget-consumption.command';

/** A budget's consumption in a window, from the ledger: what a gateway rebuilds a lost Redis counter from. */
@Injectable()
export class GetBudgetConsumptionUseCase {
  constructor(
    private readonly budgets: BudgetRepository,
    private readonly ledger: BudgetLedgerRepository,
  ) {}

  async execute(command: GetBudgetConsumptionCommand): Promise<BudgetConsumptionTotals> {
    const budget = await this.budgets.getInWorkspace(command.workspaceId, command.budgetId);
    const totals = await this.ledger.totals(
      budget.workspaceId,
      { kind: budget.scopeKind, targetId: budget.scopeTargetId },
      new Date(command.fromMs),
      command.toMs > 0 ? new Date(command.toMs) : null,
    );
    return { amountUsd: totals.amount, tokens: totals.tokens, requests: totals.requests };
  }
}
