import { type RunSnapshot, type RunStatus } from '@model-garden/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One run of an experiment: its snapshot, status and counts per cell status, and its
 * gateway credential (a workspace API key, encrypted with the run id as associated
 * data) while it is active. `dispatch` numbers the start and each re-run.
 */
@Entity({ name: 'experiment_runs' })
export class RunEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'experiment_id', type: 'uuid' })
  experimentId!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'integer' })
  number!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: RunStatus;

  @Column({ name: 'status_message', type: 'varchar', length: 1000, nullable: true })
  statusMessage!: string | null;

  @Column({ type: 'jsonb' })
  snapshot!: RunSnapshot;

  @Column({ name: 'dataset_id', type: 'uuid' })
  datasetId!: string;

  @Column({ name: 'dataset_revision', type: 'integer' })
  datasetRevision!: number;

  @Column({ type: 'integer' })
  dispatch!: number;

  @Column({ name: 'total_count', type: 'integer' })
  totalCount!: number;

  @Column({ name: 'queued_count', type: 'integer' })
  queuedCount!: number;

  @Column({ name: 'completed_count', type: 'integer' })
  completedCount!: number;

  @Column({ name: 'failed_count', type: 'integer' })
  failedCount!: number;

  @Column({ name: 'cancelled_count', type: 'integer' })
  cancelledCount!: number;

  @Column({ name: 'credential_api_key_id', type: 'uuid', nullable: true })
  credentialApiKeyId!: string | null;

  @Column({ name: 'credential_ciphertext', type: 'text', nullable: true })
  credentialCiphertext!: string | null;

  @Column({ name: 'credential_key_id', type: 'varchar', length: 64, nullable: true })
  credentialKeyId!: string | null;

  @Column({ name: 'credential_expires_at', type: 'timestamptz', nullable: true })
  credentialExpiresAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
