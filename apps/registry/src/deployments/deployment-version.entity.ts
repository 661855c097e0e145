import { type DeploymentConfig } from '@model-garden/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One published version of a deployment: never updated, deleted only with its
 * deployment (a database trigger enforces both). `modelIds` are the private model ids
 * the configuration uses (variants and fallbacks), for "is this model in use".
 */
@Entity({ name: 'deployment_versions' })
export class DeploymentVersionEntity {
  @PrimaryColumn({ name: 'deployment_id', type: 'uuid' })
  deploymentId!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ type: 'jsonb' })
  config!: DeploymentConfig;

  @Column({ name: 'model_ids', type: 'text', array: true })
  modelIds!: string[];

  @Column({ type: 'varchar', length: 500, nullable: true })
  note!: string | null;

  @Column({ name: 'published_by', type: 'varchar', length: 64 })
  publishedBy!: string;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt!: Date;

  @Column({ name: 'restored_from', type: 'integer', nullable: true })
  restoredFrom!: number | null;
}
