import { type CellError, type CellStatus, type EvaluatorScore } from '@model-garden/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One cell of a run: row × column × repetition, its current attempt and, once finished, its answer and scores. */
@Entity({ name: 'experiment_cells' })
export class CellEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @Column({ name: 'datapoint_version_id', type: 'uuid' })
  datapointVersionId!: string;

  @Column({ name: 'datapoint_id', type: 'uuid' })
  datapointId!: string;

  @Column({ name: 'row_index', type: 'integer' })
  rowIndex!: number;

  @Column({ name: 'column_id', type: 'varchar', length: 64 })
  columnId!: string;

  /** The column's place in the run's snapshot (grid order). */
  @Column({ name: 'column_position', type: 'integer' })
  columnPosition!: number;

  @Column({ type: 'integer' })
  repetition!: number;

  @Column({ type: 'integer' })
  attempt!: number;

  @Column({ type: 'integer' })
  dispatch!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: CellStatus;

  @Column({ type: 'text', nullable: true })
  output!: string | null;

  @Column({ name: 'finish_reason', type: 'varchar', length: 64, nullable: true })
  finishReason!: string | null;

  @Column({ name: 'latency_ms', type: 'double precision', nullable: true })
  latencyMs!: number | null;

  @Column({ name: 'ttft_ms', type: 'double precision', nullable: true })
  ttftMs!: number | null;

  @Column({ name: 'input_tokens', type: 'bigint', nullable: true, transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  inputTokens!: number | null;

  @Column({ name: 'output_tokens', type: 'bigint', nullable: true, transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  outputTokens!: number | null;

  @Column({ name: 'cost_usd', type: 'double precision', nullable: true })
  costUsd!: number | null;

  @Column({ type: 'jsonb' })
  scores!: EvaluatorScore[];

  @Column({ type: 'jsonb', nullable: true })
  error!: CellError | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
