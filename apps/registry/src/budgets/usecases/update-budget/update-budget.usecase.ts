import { Injectable } from '@nestjs/common';
import { type BudgetChangedData, type BudgetView, EVENT_TYPES, TOPICS } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { OutboxService } from '../../../outbox/outbox.service';
import { BudgetClock } from '../../budget-clock.service';
import { BudgetRepository } from '../../budget.repository';
import { BudgetViews } from '../../budget-views.service';
import { type UpdateBudgetCommand } from './update-budget.command';

/** Changes a budget's name, period, limits, alerts, state or expiry; new limits apply to the current period's consumption. */
@Injectable()
export class UpdateBudgetUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly budgets: BudgetRepository,
    private readonly views: BudgetViews,
    private readonly outbox: OutboxService,
    private readonly clock: BudgetClock,
  ) {}

  async execute(command: UpdateBudgetCommand): Promise<BudgetView> {
    const { auth, input } = command;
    const budget = await this.dataSource.transaction(async (manager) => {
      const found = await this.budgets.getInWorkspace(auth.workspaceId, command.id, manager);
      if (input.name !== undefined) found.name = input.name.trim();
      if (input.period !== undefined) found.period = input.period;
      if (input.limits !== undefined) {
        found.amountUsd = input.limits.amount ?? null;
        found.tokenLimit = input.limits.tokenLimit ?? null;
        found.requestsPerMinute = input.limits.requestsPerMinute ?? null;
      }
      if (input.alerts !== undefined) found.alertThresholds = input.alerts.map((alert) => alert.threshold).sort((a, b) => a - b);
      if (input.active !== undefined) found.active = input.active;
      if (input.expiresAt !== undefined) found.expiresAt = input.expiresAt === null ? null : new Date(input.expiresAt);
      found.updatedAt = this.clock.now();
      await this.budgets.save(manager, found);
      const data: BudgetChangedData = { budgetId: found.id, workspaceId: found.workspaceId, change: 'updated' };
      await this.outbox.append(manager, TOPICS.budgets, EVENT_TYPES.budgetChanged, found.id, data);
      return found;
    });
    return this.views.view(budget);
  }
}
