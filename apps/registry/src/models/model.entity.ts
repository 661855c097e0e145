import { type ModelStatus, type ModelType, type ModelValidationView, type Region, type ValidationProgress } from '@model-garden/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A private model configuration. The provider API key is stored only as AES-256-GCM
 * ciphertext (with the id of the keyring entry and the model id as associated data).
 * `revision` changes whenever something that needs re-validation changes;
 * `statusEventAt` is the time of the last validation or health event applied to the
 * current revision, so duplicate and stale events change nothing.
 */
@Entity({ name: 'models' })
export class ModelEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'varchar', length: 64 })
  key!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  description!: string | null;

  @Column({ type: 'varchar', length: 16 })
  type!: ModelType;

  @Column({ name: 'base_url', type: 'varchar', length: 2048 })
  baseUrl!: string;

  @Column({ name: 'upstream_model_id', type: 'varchar', length: 200 })
  upstreamModelId!: string;

  @Column({ type: 'varchar', length: 8 })
  region!: Region;

  @Column({ name: 'max_tokens', type: 'integer', nullable: true })
  maxTokens!: number | null;

  @Column({ type: 'double precision', nullable: true })
  temperature!: number | null;

  @Column({ name: 'price_input_per_million', type: 'double precision', nullable: true })
  priceInputPerMillion!: number | null;

  @Column({ name: 'price_output_per_million', type: 'double precision', nullable: true })
  priceOutputPerMillion!: number | null;

  @Column({ name: 'price_per_image', type: 'double precision', nullable: true })
  pricePerImage!: number | null;

  @Column({ name: 'api_key_ciphertext', type: 'text' })
  apiKeyCiphertext!: string;

  @Column({ name: 'api_key_key_id', type: 'varchar', length: 32 })
  apiKeyKeyId!: string;

  @Column({ name: 'api_key_hint', type: 'varchar', length: 32 })
  apiKeyHint!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: ModelStatus;

  @Column({ name: 'status_message', type: 'text', nullable: true })
  statusMessage!: string | null;

  @Column({ type: 'integer' })
  revision!: number;

  @Column({ type: 'jsonb', nullable: true })
  validation!: ModelValidationView | null;

  /** The latest validation progress event applied (of any revision: the view shows it only for the current one). */
  @Column({ name: 'validation_progress', type: 'jsonb', nullable: true })
  validationProgress!: ValidationProgress | null;

  @Column({ name: 'status_event_at', type: 'timestamptz', nullable: true })
  statusEventAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
