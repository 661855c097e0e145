import { Column, Entity, PrimaryColumn, type ValueTransformer } from 'typeorm';

/**
 * pg returns bigint as a string (it may exceed 2^53); counts are validated to stay
 * within Number.MAX_SAFE_INTEGER before they are stored, so a number is exact.
 */
export const BIGINT_AS_NUMBER: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};

/**
 * One gateway request, as its UsageRecorded event reported it. The table is partitioned by
 * UTC day on occurred_at; (request_id, occurred_at) makes redelivery harmless.
 */
@Entity({ name: 'usage_records' })
export class UsageRecordEntity {
  @PrimaryColumn({ name: 'request_id', type: 'varchar', length: 128 })
  requestId!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ name: 'api_key_id', type: 'varchar', length: 64 })
  apiKeyId!: string;

  @Column({ name: 'model_id', type: 'varchar', length: 200 })
  modelId!: string;

  @Column({ name: 'model_ref', type: 'varchar', length: 300 })
  modelRef!: string;

  @Column({ type: 'varchar', length: 32 })
  endpoint!: string;

  @Column({ type: 'integer' })
  status!: number;

  @Column({ name: 'error_code', type: 'varchar', length: 64, nullable: true })
  errorCode!: string | null;

  @Column({ name: 'input_tokens', type: 'bigint', transformer: BIGINT_AS_NUMBER })
  inputTokens!: number;

  @Column({ name: 'output_tokens', type: 'bigint', transformer: BIGINT_AS_NUMBER })
  outputTokens!: number;

  @Column({ type: 'bigint', transformer: BIGINT_AS_NUMBER })
  images!: number;

  @Column({ type: 'boolean' })
  estimated!: boolean;

  @Column({ name: 'cost_usd', type: 'double precision' })
  costUsd!: number;

  @Column({ name: 'latency_ms', type: 'integer' })
  latencyMs!: number;

  @Column({ type: 'boolean' })
  streamed!: boolean;

  @PrimaryColumn({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  /** The deployment the call came through, if any (with the version and variant that served). */
  @Column({ name: 'deployment_id', type: 'uuid', nullable: true })
  deploymentId!: string | null;

  @Column({ name: 'deployment_key', type: 'varchar', length: 64, nullable: true })
  deploymentKey!: string | null;

  @Column({ name: 'deployment_version', type: 'integer', nullable: true })
  deploymentVersion!: number | null;

  @Column({ name: 'deployment_variant', type: 'varchar', length: 64, nullable: true })
  deploymentVariant!: string | null;
}
