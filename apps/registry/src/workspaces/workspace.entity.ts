import { type Region } from '@model-garden/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A tenant: every model, key and usage record belongs to exactly one. */
@Entity({ name: 'workspaces' })
export class WorkspaceEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 48 })
  slug!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** The operator's choice for this workspace; NULL follows PUBLIC_MODELS_ACCESS_DEFAULT. */
  @Column({ name: 'public_models_access', type: 'varchar', length: 8, nullable: true })
  publicModelsAccess!: 'enabled' | 'disabled' | null;

  /** The regions whose models the workspace may use; NULL: every region. */
  @Column({ name: 'allowed_regions', type: 'text', array: true, nullable: true })
  allowedRegions!: Region[] | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
