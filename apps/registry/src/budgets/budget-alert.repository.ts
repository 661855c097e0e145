import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import { BudgetAlertEntity } from './budget-alert.entity';

/** Every query of `budget_alerts`: threshold crossings, once per budget, period, metric and threshold. */
@Injectable()
export class BudgetAlertRepository {
  constructor(@InjectRepository(BudgetAlertEntity) private readonly alerts: Repository<BudgetAlertEntity>) {}

  /** Stores a crossing; false when it was already stored (another event of the same period got there first). */
  async insertIfNew(manager: EntityManager, alert: BudgetAlertEntity): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO budget_alerts (id, budget_id, workspace_id, period_start, metric, threshold, consumed, limit_value, reached_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (budget_id, period_start, metric, threshold) DO NOTHING
       RETURNING id`,
      [alert.id, alert.budgetId, alert.workspaceId, alert.periodStart, alert.metric, alert.threshold, alert.consumed, alert.limit, alert.reachedAt],
    );
    return rows.length > 0;
  }

  /** The workspace's latest crossings, newest first. */
  async listRecent(workspaceId: string, limit: number): Promise<BudgetAlertEntity[]> {
    return this.alerts.find({ where: { workspaceId }, order: { reachedAt: 'DESC', id: 'DESC' }, take: limit });
  }
}
