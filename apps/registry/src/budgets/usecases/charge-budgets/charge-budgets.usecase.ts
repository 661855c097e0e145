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

export type ChargeOutcome = 'charged' | 'duplicate' | 'skipped';

/**
 * Writes gateway requests into the budgets' durable ledger (idempotent by request id; a
 * call the gateway refused for a budget is not a request it served), then, for each
 * applicable budget with alerts, stores and publishes every threshold its period's
 * consumption has now crossed: once per period, metric and threshold.
 *
 * A batch (the usage consumer's, one Kafka fetch) costs one INSERT for its entries, one
 * read of each workspace's active budgets and one total per budget and period it
 * touched, instead of that much per request.
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

  async execute(command: ChargeBudgetsCommand): Promise<ChargeOutcome> {
    return (await this.executeBatch([command]))[0]!;
  }

  /** The outcome of each command, in order. */
  async executeBatch(commands: ChargeBudgetsCommand[]): Promise<ChargeOutcome[]> {
    const entries = commands.map((command) => (command.errorCode === ERROR_CODES.budgetExceeded ? null : ledgerEntry(command)));
    const inserted = await this.ledger.insertManyIfNew(entries.filter((entry): entry is BudgetLedgerEntryEntity => entry !== null));
    const outcomes = entries.map((entry): ChargeOutcome => {
      if (entry === null) return 'skipped';
      // A request id seen twice in one batch is charged once: the first time.
      if (!inserted.delete(entry.requestId)) return 'duplicate';
      return 'charged';
    });
    const counted = entries.filter((entry, i): entry is BudgetLedgerEntryEntity => entry !== null && outcomes[i] === 'charged' && (entry.costUsd > 0 || entry.tokens > 0));
    await this.publishCrossings(counted);
    return outcomes;
  }

  /** Every (budget with alerts, period) the charged entries count in, checked once against its period's totals. */
  private async publishCrossings(charged: BudgetLedgerEntryEntity[]): Promise<void> {
    const byWorkspace = new Map<string, BudgetLedgerEntryEntity[]>();
    for (const entry of charged) {
      const entries = byWorkspace.get(entry.workspaceId);
      if (entries) entries.push(entry);
      else byWorkspace.set(entry.workspaceId, [entry]);
    }
    for (const [workspaceId, entries] of byWorkspace) {
      const latest = new Date(Math.max(...entries.map((entry) => entry.occurredAt.getTime())));
      const watched = (await this.budgets.listActive(workspaceId, latest)).filter((budget) => budget.alertThresholds.length > 0);
      const checks = new Map<string, { budget: BudgetEntity; window: { start: Date; end: Date | null } }>();
      for (const budget of watched) {
        for (const entry of entries) {
          if (budget.createdAt > entry.occurredAt) continue;
          if (!budgetApplies(budget.scopeKind, budget.scopeTargetId, { apiKeyId: entry.apiKeyId, modelId: entry.modelId, deploymentId: entry.deploymentId })) continue;
          const window = budgetWindow(budget, entry.occurredAt);
          checks.set(`${budget.id}@${window.start.toISOString()}`, { budget, window });
        }
      }
      for (const { budget, window } of checks.values()) await this.publishCrossingsOf(budget, window);
    }
  }

  private async publishCrossingsOf(budget: BudgetEntity, window: { start: Date; end: Date | null }): Promise<void> {
    const totals = await this.ledger.totals(budget.workspaceId, { kind: budget.scopeKind, targetId: budget.scopeTargetId }, window.start, window.end);
    const crossings = crossed(budget, totals);
    if (crossings.length === 0) return;
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
}

function ledgerEntry(command: ChargeBudgetsCommand): BudgetLedgerEntryEntity {
  return Object.assign(new BudgetLedgerEntryEntity(), {
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
    occurredAt: new Date(command.occurredAt),
  } satisfies BudgetLedgerEntryEntity);
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
