import { Injectable } from '@nestjs/common';
import { type BudgetView } from '@model-garden/contracts';
import { BudgetClock } from './budget-clock.service';
import { type BudgetEntity } from './budget.entity';
import { BudgetLedgerRepository } from './budget-ledger.repository';
import { budgetWindow, toBudgetView } from './budget.mapper';

/** A budget as the API shows it: its settings and its live consumption in the current period, from the ledger. */
@Injectable()
export class BudgetViews {
  constructor(
    private readonly ledger: BudgetLedgerRepository,
    private readonly clock: BudgetClock,
  ) {}

  async view(budget: BudgetEntity): Promise<BudgetView> {
    const window = budgetWindow(budget, this.clock.now());
    const totals = await this.ledger.totals(budget.workspaceId, { kind: budget.scopeKind, targetId: budget.scopeTargetId }, window.start, window.end);
    return toBudgetView(budget, totals, window);
  }
}
