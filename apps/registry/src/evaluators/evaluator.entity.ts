import { type EvaluatorType } from '@model-garden/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A workspace's evaluator: a type and its settings (checked by `evaluatorConfigProblems`). */
@Entity({ name: 'evaluators' })
export class EvaluatorEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  description!: string | null;

  @Column({ type: 'varchar', length: 32 })
  type!: EvaluatorType;

  @Column({ type: 'jsonb' })
  config!: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
