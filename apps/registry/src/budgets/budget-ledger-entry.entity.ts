import { Column, Entity, PrimaryColumn } from 'typeorm';
import { NUMERIC_AS_NUMBER } from './budget.entity';

/** One gateway request as budgets count it, from its UsageRecorded event; the request id makes redelivery harmless. */
@Entity({ name: 'budget_ledger' })
export class BudgetLedgerEntryEntity {
  @PrimaryColumn({ name: 'request_id', type: 'varchar', length: 160 })
  requestId!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ name: 'api_key_id', type: 'varchar', length: 64 })
  apiKeyId!: string;

  @Column({ name: 'model_id', type: 'varchar', length: 200 })
  modelId!: string;

  @Column({ name: 'deployment_id', type: 'uuid', nullable: true })
  deploymentId!: string | null;

  @Column({ name: 'cost_usd', type: 'numeric', precision: 20, scale: 9, transformer: NUMERIC_AS_NUMBER })
  costUsd!: number;

  @Column({ type: 'bigint', transformer: NUMERIC_AS_NUMBER })
  tokens!: number;

  @Column({ type: 'boolean' })
  cached!: boolean;

  @Column({ name: 'saved_cost_usd', type: 'numeric', precision: 20, scale: 9, transformer: NUMERIC_AS_NUMBER })
  savedCostUsd!: number;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;
}
