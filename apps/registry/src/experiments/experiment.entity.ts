import { type ColumnView } from '@model-garden/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An experiment: a dataset, columns, evaluators and limits. Runs snapshot it when they start. */
@Entity({ name: 'experiments' })
export class ExperimentEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'workspace_id', type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  description!: string | null;

  @Column({ name: 'dataset_id', type: 'uuid' })
  datasetId!: string;

  @Column({ type: 'jsonb' })
  columns!: ColumnView[];

  @Column({ name: 'evaluator_ids', type: 'text', array: true })
  evaluatorIds!: string[];

  @Column({ type: 'integer' })
  repetitions!: number;

  @Column({ name: 'concurrency_per_model', type: 'integer' })
  concurrencyPerModel!: number;

  @Column({ name: 'run_count', type: 'integer' })
  runCount!: number;

  @Column({ name: 'last_run_id', type: 'uuid', nullable: true })
  lastRunId!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
