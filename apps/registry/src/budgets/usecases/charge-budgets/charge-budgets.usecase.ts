import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { budgetApplies, type BudgetThresholdReachedData, ERROR_CODES, EVENT_TYPES, TOPICS } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { OutboxService } from '../../../outbox/outbox.service';
import { BudgetAlertEntity } from '../../budget-alert.entity';
import { BudgetAlertRepository } from '../../budget-alert.repository';
import { type BudgetEntity } from '../../budget.entity';
import { BudgetLedgerEntryEntity } from '../../budget-ledger-entry.entity';
import { BudgetLedgerRepository, type LedgerTotals } from '../../budget-ledger.repository';
import { BudgetRepository } from '../../budget.repository';
import { budgetWindow, roundUsd } from '../../budget.mapper';
import { type ChargeBudgetsCommand } from './charge-budgets.command';

interface Crossing {
  metric: 'amount' | 'tokens';
  threshold: number;
  consumed: number;
  limit: number;
}

/**
 * Writes one gateway request into the budgets' durable ledger (idempotent by request
 * id; a call the gateway refused for a budget is not a request it served), then, for
 * each applicable budget with alerts, stores and publishes every threshold its period's
 * consumption has now crossed: once per period, metric and threshold.
 */
@Injectable()
export class ChargeBudgetsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: BudgetLedgerRepository,
    private readonly budgets: BudgetRepository,
    private readonly alerts: BudgetAlertRepository,
    private readonly outbox: OutboxService,
  ) {}

  async execute(command: ChargeBudgetsCommand): Promise<'charged' | 'duplicate' | 'skipped'> {
    if (command.errorCode === ERROR_CODES.budgetExceeded) return 'skipped';
    const occurredAt = new Date(command.occurredAt);
    const entry = Object.assign(new BudgetLedgerEntryEntity(), {
      requestId: command.requestId,
      workspaceId: command.workspaceId,
      apiKeyId: command.apiKeyId,
      modelId: command.modelId,
      deploymentId: command.deploymentId ?? null,
      costUsd: command.costUsd,
      // A cache hit costs nothing and uses no upstream tokens: budgets do not count it.
      tokens: command.cached === true ? 0 : command.inputTokens + command.outputTokens,
      cached: command.cached ?? false,
      savedCostUsd: command.savedCostUsd ?? 0,
      occurredAt,
    } satisfies BudgetLedgerEntryEntity);
    if (!(await this.ledger.insertIfNew(entry))) return 'duplicate';
    if (entry.costUsd === 0 && entry.tokens === 0) return 'charged';

    const subject = { apiKeyId: entry.apiKeyId, modelId: entry.modelId, deploymentId: entry.deploymentId };
    const watched = (await this.budgets.listActive(entry.workspaceId, occurredAt)).filter(
      (budget) => budget.alertThresholds.length > 0 && budgetApplies(budget.scopeKind, budget.scopeTargetId, subject),
    );
    for (const budget of watched) {
      const window = budgetWindow(budget, occurredAt);
      const totals = await this.ledger.totals(budget.workspaceId, { kind: budget.scopeKind, targetId: budget.scopeTargetId }, window.start, window.end);
      const crossings = crossed(budget, totals);
      if (crossings.length === 0) continue;
      await this.dataSource.transaction(async (manager) => {
        for (const crossing of crossings) {
          const alert = Object.assign(new BudgetAlertEntity(), {
            id: randomUUID(),
            budgetId: budget.id,
            workspaceId: budget.workspaceId,
            periodStart: window.start,
            ...crossing,
            reachedAt: new Date(),
          } satisfies BudgetAlertEntity);
          if (!(await this.alerts.insertIfNew(manager, alert))) continue;
          const data: BudgetThresholdReachedData = {
            budgetId: budget.id,
            workspaceId: budget.workspaceId,
            name: budget.name,
            ...crossing,
            periodStart: window.start.toISOString(),
            resetsAt: window.end?.toISOString() ?? null,
          };
          await this.outbox.append(manager, TOPICS.budgets, EVENT_TYPES.budgetThresholdReached, budget.id, data);
        }
      });
    }
    return 'charged';
  }
}

/** The thresholds a budget's consumption has reached, per limit. */
export function crossed(budget: BudgetEntity, totals: LedgerTotals): Crossing[] {
  const out: Crossing[] = [];
  const limits: Array<[Crossing['metric'], number | null, number]> = [
    ['amount', budget.amountUsd, roundUsd(totals.amount)],
    ['tokens', budget.tokenLimit, totals.tokens],
  ];
  for (const [metric, limit, consumed] of limits) {
    if (limit === null || limit <= 0) continue;
    for (const threshold of budget.alertThresholds) {
      if (consumed * 100 >= threshold * limit) out.push({ metric, threshold, consumed, limit });
    }
  }
  return out;
}
