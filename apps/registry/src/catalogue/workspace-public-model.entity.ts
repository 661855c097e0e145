import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A workspace's choice about one public catalogue model (absent: enabled). */
@Entity({ name: 'workspace_public_models' })
export class WorkspacePublicModelEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  ref!: string;

  @Column({ type: 'boolean' })
  enabled!: boolean;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
