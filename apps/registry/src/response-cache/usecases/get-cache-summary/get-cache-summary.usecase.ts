import { Injectable } from '@nestjs/common';
import { type ResponseCacheSummary } from '@model-garden/contracts';
import { RegistryException } from '../../../shared/registry.exception';
import { BudgetClock } from '../../../budgets/budget-clock.service';
import { BudgetLedgerRepository } from '../../../budgets/budget-ledger.repository';
import { roundUsd } from '../../../budgets/budget.mapper';
import { type GetCacheSummaryCommand } from './get-cache-summary.command';

const DEFAULT_DAYS = 30;

/** The exact-match cache's hit ratio and what its hits saved, from the ledger (default: the last 30 days). */
@Injectable()
export class GetCacheSummaryUseCase {
  constructor(
    private readonly ledger: BudgetLedgerRepository,
    private readonly clock: BudgetClock,
  ) {}

  async execute(command: GetCacheSummaryCommand): Promise<ResponseCacheSummary> {
    const to = command.to ? new Date(command.to) : this.clock.now();
    const from = command.from ? new Date(command.from) : new Date(to.getTime() - DEFAULT_DAYS * 86_400_000);
    if (from >= to) throw RegistryException.field('from', 'from must be before to');
    const totals = await this.ledger.cacheTotals(command.auth.workspaceId, from, to);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      requests: totals.requests,
      hits: totals.hits,
      hitRatio: totals.requests === 0 ? 0 : totals.hits / totals.requests,
      savedUsd: roundUsd(totals.savedUsd),
    };
  }
}
