import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  type CellCounts,
  type CellPage,
  type CellView,
  type ColumnAggregate,
  columnsProblems,
  type ColumnView,
  type ExperimentView,
  type FieldError,
  MAX_CONCURRENCY_PER_MODEL,
  MAX_EXPERIMENT_EVALUATORS,
  MAX_REPETITIONS,
  MIN_CONCURRENCY_PER_MODEL,
  MIN_REPETITIONS,
  RERUN_SCOPES,
  type RerunScope,
  RUN_EXPORT_FORMATS,
  type RunComparison,
  type RunDetailsView,
  type RunExportFormat,
  type RunSnapshot,
  type RunStatus,
  RUN_STATUSES,
} from '@model-garden/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsInt, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { type HasCrossFieldRules } from '../../shared/registry-validation.pipe';

const HAS_TEXT = /\S/;
const COLUMNS_DOC =
  'Each column is {kind: "model", name, model (a chat model of the workspace), messages (a template: `{{variable}}` from the datapoint inputs; the datapoint messages follow), parameters?} or {kind: "deployment", name, deployment (key), version?, variant?, context?}; `id` defaults to c1, c2, ...';

/** `POST /v1/experiments`. */
export class CreateExperimentDto implements HasCrossFieldRules {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Groq vs vLLM on support answers' })
  @IsString({ message: 'name must be a string' })
  @Length(1, 100, { message: 'name must be 1 to 100 characters' })
  @Matches(HAS_TEXT, { message: 'name must not be blank' })
  name!: string;

  @ApiPropertyOptional({ maxLength: 1000, nullable: true })
  @IsOptional()
  @IsString({ message: 'description must be a string' })
  @MaxLength(1000, { message: 'description must be at most 1000 characters' })
  description?: string | null;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'datasetId must be the id of a dataset of this workspace' })
  datasetId!: string;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: COLUMNS_DOC })
  @IsArray({ message: 'columns must be an array' })
  columns!: unknown[];

  @ApiPropertyOptional({ type: [String], maxItems: MAX_EXPERIMENT_EVALUATORS, description: 'Evaluator ids (a UUID or a builtin.* id)', example: ['builtin.exact_match'] })
  @IsOptional()
  @IsArray({ message: 'evaluatorIds must be an array' })
  @ArrayMaxSize(MAX_EXPERIMENT_EVALUATORS, { message: `evaluatorIds may name at most ${MAX_EXPERIMENT_EVALUATORS} evaluators` })
  @ArrayUnique({ message: 'evaluatorIds must not name an evaluator twice' })
  @IsString({ each: true, message: 'each of evaluatorIds must be a string' })
  evaluatorIds?: string[];

  @ApiPropertyOptional({ minimum: MIN_REPETITIONS, maximum: MAX_REPETITIONS, default: 1 })
  @IsOptional()
  @IsInt({ message: 'repetitions must be a whole number' })
  @Min(MIN_REPETITIONS, { message: `repetitions must be from ${MIN_REPETITIONS} to ${MAX_REPETITIONS}` })
  @Max(MAX_REPETITIONS, { message: `repetitions must be from ${MIN_REPETITIONS} to ${MAX_REPETITIONS}` })
  repetitions?: number;

  @ApiPropertyOptional({ minimum: MIN_CONCURRENCY_PER_MODEL, maximum: MAX_CONCURRENCY_PER_MODEL, default: 4, description: 'Cells of one run in flight per model at once' })
  @IsOptional()
  @IsInt({ message: 'concurrencyPerModel must be a whole number' })
  @Min(MIN_CONCURRENCY_PER_MODEL, { message: `concurrencyPerModel must be from ${MIN_CONCURRENCY_PER_MODEL} to ${MAX_CONCURRENCY_PER_MODEL}` })
  @Max(MAX_CONCURRENCY_PER_MODEL, { message: `concurrencyPerModel must be from ${MIN_CONCURRENCY_PER_MODEL} to ${MAX_CONCURRENCY_PER_MODEL}` })
  concurrencyPerModel?: number;

  crossFieldErrors(): FieldError[] {
    return Array.isArray(this.columns) ? columnsProblems(this.columns) : [];
  }
}

/** `PATCH /v1/experiments/{id}`: lists replace the old ones whole; runs keep their snapshot. */
export class UpdateExperimentDto implements HasCrossFieldRules {
  @ApiPropertyOptional({ minLength: 1, maxLength: 100 })
  @IsOptional()
  @IsString({ message: 'name must be a string' })
  @Length(1, 100, { message: 'name must be 1 to 100 characters' })
  @Matches(HAS_TEXT, { message: 'name must not be blank' })
  name?: string;

  @ApiPropertyOptional({ maxLength: 1000, nullable: true })
  @IsOptional()
  @IsString({ message: 'description must be a string' })
  @MaxLength(1000, { message: 'description must be at most 1000 characters' })
  description?: string | null;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'datasetId must be the id of a dataset of this workspace' })
  datasetId?: string;

  @ApiPropertyOptional({ type: 'array', items: { type: 'object', additionalProperties: true }, description: COLUMNS_DOC })
  @IsOptional()
  @IsArray({ message: 'columns must be an array' })
  columns?: unknown[];

  @ApiPropertyOptional({ type: [String], maxItems: MAX_EXPERIMENT_EVALUATORS })
  @IsOptional()
  @IsArray({ message: 'evaluatorIds must be an array' })
  @ArrayMaxSize(MAX_EXPERIMENT_EVALUATORS, { message: `evaluatorIds may name at most ${MAX_EXPERIMENT_EVALUATORS} evaluators` })
  @ArrayUnique({ message: 'evaluatorIds must not name an evaluator twice' })
  @IsString({ each: true, message: 'each of evaluatorIds must be a string' })
  evaluatorIds?: string[];

  @ApiPropertyOptional({ minimum: MIN_REPETITIONS, maximum: MAX_REPETITIONS })
  @IsOptional()
  @IsInt({ message: 'repetitions must be a whole number' })
  @Min(MIN_REPETITIONS, { message: `repetitions must be from ${MIN_REPETITIONS} to ${MAX_REPETITIONS}` })
  @Max(MAX_REPETITIONS, { message: `repetitions must be from ${MIN_REPETITIONS} to ${MAX_REPETITIONS}` })
  repetitions?: number;

  @ApiPropertyOptional({ minimum: MIN_CONCURRENCY_PER_MODEL, maximum: MAX_CONCURRENCY_PER_MODEL })
  @IsOptional()
  @IsInt({ message: 'concurrencyPerModel must be a whole number' })
  @Min(MIN_CONCURRENCY_PER_MODEL, { message: `concurrencyPerModel must be from ${MIN_CONCURRENCY_PER_MODEL} to ${MAX_CONCURRENCY_PER_MODEL}` })
  @Max(MAX_CONCURRENCY_PER_MODEL, { message: `concurrencyPerModel must be from ${MIN_CONCURRENCY_PER_MODEL} to ${MAX_CONCURRENCY_PER_MODEL}` })
  concurrencyPerModel?: number;

  crossFieldErrors(): FieldError[] {
    return Array.isArray(this.columns) ? columnsProblems(this.columns) : [];
  }
}

/** `POST /v1/experiments/{id}/runs/{runId}/rerun`. */
export class RerunDto implements HasCrossFieldRules {
  @ApiProperty({ enum: RERUN_SCOPES, description: 'failed: every failed cell; row: every cell of datapointId; column: every cell of columnId; cell: cellId' })
  @IsIn(RERUN_SCOPES, { message: `scope must be one of: ${RERUN_SCOPES.join(', ')}` })
  scope!: RerunScope;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsString({ message: 'datapointId must be a string' })
  datapointId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'columnId must be a string' })
  columnId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsString({ message: 'cellId must be a string' })
  cellId?: string;

  crossFieldErrors(): FieldError[] {
    const needs: Partial<Record<RerunScope, 'datapointId' | 'columnId' | 'cellId'>> = { row: 'datapointId', column: 'columnId', cell: 'cellId' };
    const out: FieldError[] = [];
    for (const field of ['datapointId', 'columnId', 'cellId'] as const) {
      const wanted = needs[this.scope] === field;
      if (wanted && this[field] === undefined) out.push({ field, message: `${field} is required with scope ${this.scope}` });
      if (!wanted && this[field] !== undefined) out.push({ field, message: `${field} does not apply to scope ${this.scope}; remove it` });
    }
    return out;
  }
}

export class ListQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be between 1 and 200' })
  @Max(200, { message: 'limit must be between 1 and 200' })
  limit?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500, { message: 'cursor must be at most 500 characters' })
  cursor?: string;
}

export class CellsQueryDto {
  @ApiPropertyOptional({ description: 'Only cells changed after this time: pass nextUpdatedAfter of the previous answer', example: '2026-12-03T10:00:00.000Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'updatedAfter must be an ISO-8601 time, e.g. nextUpdatedAfter of the previous answer' })
  updatedAfter?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be between 1 and 1000' })
  @Max(1000, { message: 'limit must be between 1 and 1000' })
  limit?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500, { message: 'cursor must be at most 500 characters' })
  cursor?: string;
}

export class CompareQueryDto {
  @ApiProperty({ format: 'uuid', description: 'The other run of the same experiment' })
  @IsUUID('all', { message: 'baseline must be the id of another run of this experiment' })
  baseline!: string;
}

export class ExportRunQueryDto {
  @ApiProperty({ enum: RUN_EXPORT_FORMATS })
  @IsIn(RUN_EXPORT_FORMATS, { message: `format must be one of: ${RUN_EXPORT_FORMATS.join(', ')}` })
  format!: RunExportFormat;
}

export class ExperimentResponseDto implements ExperimentView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty() datasetId!: string;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: COLUMNS_DOC }) columns!: ColumnView[];
  @ApiProperty({ type: [String] }) evaluatorIds!: string[];
  @ApiProperty() repetitions!: number;
  @ApiProperty() concurrencyPerModel!: number;
  @ApiProperty({ nullable: true, type: String }) lastRunId!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class ExperimentListResponseDto {
  @ApiProperty({ type: [ExperimentResponseDto] }) data!: ExperimentView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class CellCountsDto implements CellCounts {
  @ApiProperty() queued!: number;
  @ApiProperty() completed!: number;
  @ApiProperty() failed!: number;
  @ApiProperty() cancelled!: number;
  @ApiProperty() total!: number;
}

export class RunResponseDto implements RunDetailsView {
  @ApiProperty() id!: string;
  @ApiProperty() experimentId!: string;
  @ApiProperty() number!: number;
  @ApiProperty({ enum: RUN_STATUSES }) status!: RunStatus;
  @ApiProperty({ nullable: true, type: String }) statusMessage!: string | null;
  @ApiProperty({ type: CellCountsDto }) counts!: CellCounts;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The experiment as the run saw it (dataset revision, columns, evaluators with settings, prices)' }) snapshot!: RunSnapshot;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) startedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'Per column: cells, completed, failed, errorRate, latencyMs {p50, p95}, ttftMs {p50, p95}, costUsd {total, mean}, tokens {input, output}, scores per evaluator {mean, stdDevAcrossRepetitions, passRate, scored, errors}',
  })
  aggregates!: ColumnAggregate[];
}

export class RunListResponseDto {
  @ApiProperty({ type: [RunResponseDto], description: 'Without aggregates' }) data!: RunDetailsView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class CellPageResponseDto implements CellPage {
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'Cells: id, datapointId, rowIndex, columnId, repetition, attempt, status, output, finishReason, latencyMs, ttftMs, inputTokens, outputTokens, costUsd, scores, error, updatedAt' })
  data!: CellView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Pass as updatedAfter on the next poll' }) nextUpdatedAfter!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) run!: CellPage['run'];
}

export class RunComparisonResponseDto implements RunComparison {
  @ApiProperty() runId!: string;
  @ApiProperty() baselineRunId!: string;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'Per column and evaluator: rows better, worse, same, missing' }) summary!: RunComparison['summary'];
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) changed!: RunComparison['changed'];
}
