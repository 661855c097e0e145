import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CHAT_ROLES,
  DATASET_FORMATS,
  DATASET_IMPORT_MODES,
  type DatapointInput,
  datapointProblems,
  type DatapointView,
  type DatasetFormat,
  type DatasetImportMode,
  type DatasetImportResult,
  DATASET_RULES,
  type DatasetView,
  type FieldError,
  ruleSchema,
} from '@model-garden/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional } from 'class-validator';
import { type HasCrossFieldRules } from '../../shared/registry-validation.pipe';
import { FollowsRule } from '../../shared/validation.util';

/** Datapoints one JSON request may carry; larger sets go through the import. */
export const MAX_DATAPOINTS_PER_REQUEST = 500;

export class ChatMessageDto {
  @ApiProperty({ enum: CHAT_ROLES }) role!: string;
  @ApiProperty({ maxLength: 100_000, description: 'In a column template, `{{variable}}` placeholders are filled from the datapoint inputs' }) content!: string;
}

/** A datapoint as written (documentation; the rules are `datapointProblems` in libs/contracts). */
export class DatapointInputDto implements DatapointInput {
  @ApiPropertyOptional({ type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }], nullable: true }, example: { city: 'Paris' }, description: 'Template variables: a flat map' })
  inputs?: Record<string, string | number | boolean | null>;

  @ApiPropertyOptional({ type: [ChatMessageDto], nullable: true, description: 'Sent after the column messages' })
  messages?: { role: 'system' | 'user' | 'assistant'; content: string }[] | null;

  @ApiPropertyOptional({ nullable: true, maxLength: 100_000, example: 'France' })
  expectedOutput?: string | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  metadata?: Record<string, unknown>;
}

function datapointListProblems(datapoints: unknown[] | undefined, path: string): FieldError[] {
  return (datapoints ?? []).flatMap((item, i) => datapointProblems(item, `${path}[${i}]`));
}

/** `POST /v1/datasets`. */
export class CreateDatasetDto implements HasCrossFieldRules {
  @ApiProperty({ ...ruleSchema(DATASET_RULES.name), example: 'Capitals' })
  @FollowsRule(DATASET_RULES.name)
  name!: string;

  @ApiPropertyOptional({ ...ruleSchema(DATASET_RULES.description), nullable: true })
  @IsOptional()
  @FollowsRule(DATASET_RULES.description)
  description?: string | null;

  @ApiPropertyOptional({ type: [DatapointInputDto], maxItems: MAX_DATAPOINTS_PER_REQUEST, description: `At most ${MAX_DATAPOINTS_PER_REQUEST}; import a JSONL or CSV file for more` })
  @IsOptional()
  @IsArray({ message: 'datapoints must be an array' })
  @ArrayMaxSize(MAX_DATAPOINTS_PER_REQUEST, { message: `datapoints may hold at most ${MAX_DATAPOINTS_PER_REQUEST} items; import a JSONL or CSV file for more` })
  datapoints?: unknown[];

  crossFieldErrors(): FieldError[] {
    return Array.isArray(this.datapoints) ? datapointListProblems(this.datapoints, 'datapoints') : [];
  }
}

/** `PATCH /v1/datasets/{id}`. */
export class UpdateDatasetDto {
  @ApiPropertyOptional(ruleSchema(DATASET_RULES.name))
  @IsOptional()
  @FollowsRule(DATASET_RULES.name)
  name?: string;

  @ApiPropertyOptional({ ...ruleSchema(DATASET_RULES.description), nullable: true })
  @IsOptional()
  @FollowsRule(DATASET_RULES.description)
  description?: string | null;
}

/** `POST /v1/datasets/{id}/datapoints`. */
export class AddDatapointsDto implements HasCrossFieldRules {
  @ApiProperty({ type: [DatapointInputDto], minItems: 1, maxItems: MAX_DATAPOINTS_PER_REQUEST })
  @IsArray({ message: 'datapoints must be an array' })
  @ArrayMaxSize(MAX_DATAPOINTS_PER_REQUEST, { message: `datapoints may hold at most ${MAX_DATAPOINTS_PER_REQUEST} items; import a JSONL or CSV file for more` })
  datapoints!: unknown[];

  crossFieldErrors(): FieldError[] {
    if (!Array.isArray(this.datapoints)) return [];
    if (this.datapoints.length === 0) return [{ field: 'datapoints', message: 'datapoints must hold at least one datapoint' }];
    return datapointListProblems(this.datapoints, 'datapoints');
  }
}

/** `PUT /v1/datasets/{id}/datapoints/{datapointId}`: the whole datapoint (a new version). */
export class ReplaceDatapointDto implements HasCrossFieldRules {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @IsOptional() inputs?: unknown;
  @ApiPropertyOptional({ type: [ChatMessageDto], nullable: true }) @IsOptional() messages?: unknown;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() expectedOutput?: unknown;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @IsOptional() metadata?: unknown;

  crossFieldErrors(): FieldError[] {
    const value: Record<string, unknown> = {};
    for (const key of ['inputs', 'messages', 'expectedOutput', 'metadata'] as const) if (this[key] !== undefined) value[key] = this[key];
    return datapointProblems(value, '');
  }
}

export class PageQueryDto {
  @ApiPropertyOptional({ ...ruleSchema(DATASET_RULES.limit), default: 50 })
  @IsOptional()
  @Type(() => Number)
  @FollowsRule(DATASET_RULES.limit)
  limit?: number;

  @ApiPropertyOptional({ ...ruleSchema(DATASET_RULES.cursor), description: 'nextCursor of the previous page' })
  @IsOptional()
  @FollowsRule(DATASET_RULES.cursor)
  cursor?: string;
}

export class ImportQueryDto {
  @ApiProperty({ enum: DATASET_FORMATS, description: 'jsonl: one JSON datapoint per line. csv: a header row (input.<name> or <name>, expected_output, messages, metadata, metadata.<name>)' })
  @FollowsRule(DATASET_RULES.format)
  format!: DatasetFormat;

  @ApiPropertyOptional({ enum: DATASET_IMPORT_MODES, default: 'append' })
  @IsOptional()
  @FollowsRule(DATASET_RULES.mode)
  mode?: DatasetImportMode;

  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false', description: 'Check the file and answer its first rows without writing anything' })
  @IsOptional()
  @FollowsRule(DATASET_RULES.dryRun)
  dryRun?: 'true' | 'false';
}

export class ExportQueryDto {
  @ApiProperty({ enum: DATASET_FORMATS })
  @FollowsRule(DATASET_RULES.format)
  format!: DatasetFormat;
}

export class DatasetResponseDto implements DatasetView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty() rowCount!: number;
  @ApiProperty({ description: 'Bumped by every change of the datapoints; a run records it' }) revision!: number;
  @ApiProperty({ type: [String] }) inputKeys!: string[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class DatasetListResponseDto {
  @ApiProperty({ type: [DatasetResponseDto] }) data!: DatasetView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class DatapointResponseDto extends DatapointInputDto implements Omit<DatapointView, 'messages'> {
  @ApiProperty({ description: 'Stable across edits' }) id!: string;
  @ApiProperty() datasetId!: string;
  @ApiProperty() position!: number;
  @ApiProperty({ type: 'object', additionalProperties: true }) declare inputs: DatapointView['inputs'];
  @ApiProperty({ nullable: true, type: String }) declare expectedOutput: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) declare metadata: Record<string, unknown>;
  @ApiProperty() revision!: number;
  @ApiProperty() updatedAt!: string;
}

export class DatapointListResponseDto {
  @ApiProperty({ type: [DatapointResponseDto] }) data!: DatapointView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class DatasetImportResponseDto implements DatasetImportResult {
  @ApiProperty({ type: DatasetResponseDto }) dataset!: DatasetView;
  @ApiProperty({ description: 'Rows written (0 in a dry run)' }) imported!: number;
  @ApiProperty({ description: 'Rows in the file' }) rows!: number;
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ type: [DatapointInputDto], description: 'The first 20 rows as they are (or would be) stored' }) preview!: DatasetImportResult['preview'];
}
