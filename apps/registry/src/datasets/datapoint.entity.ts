import { type ChatMessage, type DatapointInputs } from '@model-garden/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One version of a datapoint: alive from `createdRevision` of its dataset until
 * `deletedRevision` (exclusive; null while current). `datapointId` is stable across versions.
 */
@Entity({ name: 'dataset_datapoints' })
export class DatapointEntity {
  @PrimaryColumn({ name: 'version_id', type: 'uuid' })
  versionId!: string;

  @Column({ name: 'dataset_id', type: 'uuid' })
  datasetId!: string;

  @Column({ name: 'datapoint_id', type: 'uuid' })
  datapointId!: string;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'jsonb' })
  inputs!: DatapointInputs;

  @Column({ type: 'jsonb', nullable: true })
  messages!: ChatMessage[] | null;

  @Column({ name: 'expected_output', type: 'text', nullable: true })
  expectedOutput!: string | null;

  @Column({ type: 'jsonb' })
  metadata!: Record<string, unknown>;

  @Column({ name: 'created_revision', type: 'integer' })
  createdRevision!: number;

  @Column({ name: 'deleted_revision', type: 'integer', nullable: true })
  deletedRevision!: number | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
