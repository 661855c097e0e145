import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  type CellCounts,
  type CellPage,
  type CellView,
  type ColumnAggregate,
  columnsProblems,
  type ColumnView,
  type ExperimentView,
  EXPERIMENT_EVALUATOR_IDS_RULE as EVALUATOR_IDS,
  EXPERIMENT_RULES,
  type FieldError,
  type RerunScope,
  ruleSchema,
  RUN_RULES,
  type RunComparison,
  type RunDetailsView,
  type RunExportFormat,
  type RunSnapshot,
  type RunStatus,
  RUN_STATUSES,
} from '@model-garden/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsISO8601, IsOptional, IsString } from 'class-validator';
import { type HasCrossFieldRules } from '../../shared/registry-validation.pipe';
import { FollowsRule } from '../../shared/validation.util';

const COLUMNS_DOC =
  'Each column is {kind: "model", name, model (a chat model of the workspace), messages (a template: `{{variable}}` from the datapoint inputs; the datapoint messages follow), parameters?} or {kind: "deployment", name, deployment (key), version?, variant?, context?}; `id` defaults to c1, c2, ...';

/** `POST /v1/experiments`. */
export class CreateExperimentDto implements HasCrossFieldRules {
  @ApiProperty({ ...ruleSchema(EXPERIMENT_RULES.name), example: 'Groq vs vLLM on support answers' })
  @FollowsRule(EXPERIMENT_RULES.name)
  name!: string;

  @ApiPropertyOptional({ ...ruleSchema(EXPERIMENT_RULES.description), nullable: true })
  @IsOptional()
  @FollowsRule(EXPERIMENT_RULES.description)
  description?: string | null;

  @ApiProperty({ format: 'uuid' })
  @FollowsRule(EXPERIMENT_RULES.datasetId)
  datasetId!: string;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: COLUMNS_DOC })
  @IsArray({ message: 'columns must be an array' })
  columns!: unknown[];

  @ApiPropertyOptional({ type: [String], maxItems: EVALUATOR_IDS.maxItems, description: 'Evaluator ids (a UUID or a builtin.* id)', example: ['builtin.exact_match'] })
  @IsOptional()
  @IsArray({ message: EVALUATOR_IDS.typeMessage })
  @ArrayMaxSize(EVALUATOR_IDS.maxItems, { message: EVALUATOR_IDS.maxItemsMessage })
  @ArrayUnique({ message: EVALUATOR_IDS.uniqueMessage })
  @IsString({ each: true, message: EVALUATOR_IDS.itemMessage })
  evaluatorIds?: string[];

  @ApiPropertyOptional({ ...ruleSchema(EXPERIMENT_RULES.repetitions), default: 1 })
  @IsOptional()
  @FollowsRule(EXPERIMENT_RULES.repetitions)
  repetitions?: number;

  @ApiPropertyOptional({ ...ruleSchema(EXPERIMENT_RULES.concurrencyPerModel), default: 4, description: 'Cells of one run in flight per model at once' })
  @IsOptional()
  @FollowsRule(EXPERIMENT_RULES.concurrencyPerModel)
  concurrencyPerModel?: number;

  crossFieldErrors(): FieldError[] {
    return Array.isArray(this.columns) ? columnsProblems(this.columns) : [];
  }
}

/** `PATCH /v1/experiments/{id}`: lists replace the old ones whole; runs keep their snapshot. */
export class UpdateExperimentDto implements HasCrossFieldRules {
  @ApiPropertyOptional(ruleSchema(EXPERIMENT_RULES.name))
  @IsOptional()
  @FollowsRule(EXPERIMENT_RULES.name)
  name?: string;

  @ApiPropertyOptional({ ...ruleSchema(EXPERIMENT_RULES.description), nullable: true })
  @IsOptional()
  @FollowsRule(EXPERIMENT_RULES.description)
  description?: string | null;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @FollowsRule(EXPERIMENT_RULES.datasetId)
  datasetId?: string;

  @ApiPropertyOptional({ type: 'array', items: { type: 'object', additionalProperties: true }, description: COLUMNS_DOC })
  @IsOptional()
  @IsArray({ message: 'columns must be an array' })
  columns?: unknown[];

  @ApiPropertyOptional({ type: [String], maxItems: EVALUATOR_IDS.maxItems })
  @IsOptional()
  @IsArray({ message: EVALUATOR_IDS.typeMessage })
  @ArrayMaxSize(EVALUATOR_IDS.maxItems, { message: EVALUATOR_IDS.maxItemsMessage })
  @ArrayUnique({ message: EVALUATOR_IDS.uniqueMessage })
  @IsString({ each: true, message: EVALUATOR_IDS.itemMessage })
  evaluatorIds?: string[];

  @ApiPropertyOptional(ruleSchema(EXPERIMENT_RULES.repetitions))
  @IsOptional()
  @FollowsRule(EXPERIMENT_RULES.repetitions)
  repetitions?: number;

  @ApiPropertyOptional(ruleSchema(EXPERIMENT_RULES.concurrencyPerModel))
  @IsOptional()
  @FollowsRule(EXPERIMENT_RULES.concurrencyPerModel)
  concurrencyPerModel?: number;

  crossFieldErrors(): FieldError[] {
    return Array.isArray(this.columns) ? columnsProblems(this.columns) : [];
  }
}

/** `POST /v1/experiments/{id}/runs/{runId}/rerun`. */
export class RerunDto implements HasCrossFieldRules {
  @ApiProperty({ ...ruleSchema(RUN_RULES.scope), description: 'failed: every failed cell; row: every cell of datapointId; column: every cell of columnId; cell: cellId' })
  @FollowsRule(RUN_RULES.scope)
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
  @ApiPropertyOptional({ ...ruleSchema(EXPERIMENT_RULES.limit), default: 50 })
  @IsOptional()
  @Type(() => Number)
  @FollowsRule(EXPERIMENT_RULES.limit)
  limit?: number;

  @ApiPropertyOptional(ruleSchema(EXPERIMENT_RULES.cursor))
  @IsOptional()
  @FollowsRule(EXPERIMENT_RULES.cursor)
  cursor?: string;
}

export class CellsQueryDto {
  @ApiPropertyOptional({ description: 'Only cells changed after this time: pass nextUpdatedAfter of the previous answer', example: '2026-12-03T10:00:00.000Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'updatedAfter must be an ISO-8601 time, e.g. nextUpdatedAfter of the previous answer' })
  updatedAfter?: string;

  @ApiPropertyOptional({ ...ruleSchema(RUN_RULES.cellsLimit), default: 500 })
  @IsOptional()
  @Type(() => Number)
  @FollowsRule(RUN_RULES.cellsLimit)
  limit?: number;

  @ApiPropertyOptional(ruleSchema(EXPERIMENT_RULES.cursor))
  @IsOptional()
  @FollowsRule(EXPERIMENT_RULES.cursor)
  cursor?: string;
}

export class CompareQueryDto {
  @ApiProperty({ format: 'uuid', description: 'The other run of the same experiment' })
  @FollowsRule(RUN_RULES.baseline)
  baseline!: string;
}

export class ExportRunQueryDto {
  @ApiProperty(ruleSchema(RUN_RULES.format))
  @FollowsRule(RUN_RULES.format)
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
