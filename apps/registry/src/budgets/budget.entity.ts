import { type BudgetPeriod, type BudgetScopeKind } from '@model-garden/contracts';
import { Column, Entity, PrimaryColumn, type ValueTransformer } from 'typeorm';

/** pg returns numeric and bigint as strings; budgets' figures stay well within a double's exact range. */
export const NUMERIC_AS_NUMBER: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};

/** A workspace's budget: limits on one scope per UTC calendar period. */
@Entity({ name: 'budgets' })
export class BudgetEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ name: 'scope_kind', type: 'varchar', length: 16 })
  scopeKind!: BudgetScopeKind;

  @Column({ name: 'scope_target_id', type: 'varchar', length: 200, nullable: true })
  scopeTargetId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  period!: BudgetPeriod;

  @Column({ name: 'amount_usd', type: 'numeric', precision: 20, scale: 9, nullable: true, transformer: NUMERIC_AS_NUMBER })
  amountUsd!: number | null;

  @Column({ name: 'token_limit', type: 'bigint', nullable: true, transformer: NUMERIC_AS_NUMBER })
  tokenLimit!: number | null;

  @Column({ name: 'requests_per_minute', type: 'integer', nullable: true })
  requestsPerMinute!: number | null;

  @Column({ name: 'alert_thresholds', type: 'integer', array: true })
  alertThresholds!: number[];

  @Column({ type: 'boolean' })
  active!: boolean;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'reset_at', type: 'timestamptz', nullable: true })
  resetAt!: Date | null;

  @Column({ name: 'reset_count', type: 'integer' })
  resetCount!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
