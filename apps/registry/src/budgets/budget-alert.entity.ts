import { Column, Entity, PrimaryColumn } from 'typeorm';
import { NUMERIC_AS_NUMBER } from './budget.entity';

/** A budget's alert threshold crossed in one period: stored once, published once (BudgetThresholdReached). */
@Entity({ name: 'budget_alerts' })
export class BudgetAlertEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'budget_id', type: 'uuid' })
  budgetId!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ name: 'period_start', type: 'timestamptz' })
  periodStart!: Date;

  @Column({ type: 'varchar', length: 16 })
  metric!: 'amount' | 'tokens';

  @Column({ type: 'integer' })
  threshold!: number;

  @Column({ type: 'numeric', precision: 24, scale: 9, transformer: NUMERIC_AS_NUMBER })
  consumed!: number;

  @Column({ name: 'limit_value', type: 'numeric', precision: 24, scale: 9, transformer: NUMERIC_AS_NUMBER })
  limit!: number;

  @Column({ name: 'reached_at', type: 'timestamptz' })
  reachedAt!: Date;
}
