import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  USAGE_GROUP_BY,
  USAGE_STATUS_CLASSES,
  type UsageFigures,
  type UsageGroup,
  type UsageGroupBy,
  type UsageReport,
  type UsageRequestsPage,
  type UsageRequestView,
  type UsageStatusClass,
} from '@model-garden/contracts';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** `GET /v1/usage`. */
export class UsageQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Start, inclusive (default: 30 days before `to`)', example: '2025-01-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO-8601 date or date-time' })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'End, exclusive (default: now)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO-8601 date or date-time' })
  to?: string;

  @ApiPropertyOptional({
    enum: USAGE_GROUP_BY,
    default: 'model',
    description:
      '`day` and `hour` give one group per UTC day or hour (`hour`: ranges of 31 days at most); `model,day` one per model and UTC day; `deployment`, `deployment,version` and `deployment,variant` group the calls made through deployments',
  })
  @IsOptional()
  @IsIn(USAGE_GROUP_BY, { message: `groupBy must be one of: ${USAGE_GROUP_BY.join(', ')}` })
  groupBy?: UsageGroupBy;

  @ApiPropertyOptional({ description: 'Only this model: its id or ref (e.g. `acme@openailike/llama` or `groq/llama-3.1-8b-instant`)', maxLength: 300 })
  @IsOptional()
  @IsString({ message: 'model must be a model id or ref' })
  @MaxLength(300, { message: 'model must be at most 300 characters' })
  model?: string;

  @ApiPropertyOptional({ description: 'Only calls made through this deployment (its key)', maxLength: 64, example: 'customer-support' })
  @IsOptional()
  @IsString({ message: 'deployment must be a deployment key' })
  @MaxLength(64, { message: 'deployment must be at most 64 characters' })
  deployment?: string;
}

/** `GET /v1/usage/requests`. */
export class UsageRequestsQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Start, inclusive (default: 24 hours before `to`)', example: '2025-01-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO-8601 date or date-time' })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'End, exclusive (default: now)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO-8601 date or date-time' })
  to?: string;

  @ApiPropertyOptional({ description: 'Only this model: its id or ref', maxLength: 300 })
  @IsOptional()
  @IsString({ message: 'model must be a model id or ref' })
  @MaxLength(300, { message: 'model must be at most 300 characters' })
  model?: string;

  @ApiPropertyOptional({ description: 'Only calls made through this deployment (its key)', maxLength: 64 })
  @IsOptional()
  @IsString({ message: 'deployment must be a deployment key' })
  @MaxLength(64, { message: 'deployment must be at most 64 characters' })
  deployment?: string;

  @ApiPropertyOptional({ description: 'Only calls made with this API key (its id)', maxLength: 64 })
  @IsOptional()
  @IsString({ message: 'apiKeyId must be an API key id' })
  @MaxLength(64, { message: 'apiKeyId must be at most 64 characters' })
  apiKeyId?: string;

  @ApiPropertyOptional({ description: 'Only this endpoint', example: 'chat.completions', maxLength: 32 })
  @IsOptional()
  @IsString({ message: 'endpoint must be an endpoint name such as chat.completions' })
  @MaxLength(32, { message: 'endpoint must be at most 32 characters' })
  endpoint?: string;

  @ApiPropertyOptional({ enum: USAGE_STATUS_CLASSES, description: 'Only answers of this HTTP status class' })
  @IsOptional()
  @IsIn(USAGE_STATUS_CLASSES, { message: `status must be one of: ${USAGE_STATUS_CLASSES.join(', ')}` })
  status?: UsageStatusClass;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be between 1 and 200' })
  @Max(200, { message: 'limit must be between 1 and 200' })
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(512, { message: 'cursor is too long' })
  cursor?: string;
}

export class UsageRequestViewDto implements UsageRequestView {
  @ApiProperty() requestId!: string;
  @ApiProperty({ format: 'date-time', description: 'UTC, to the microsecond' }) occurredAt!: string;
  @ApiProperty() apiKeyId!: string;
  @ApiProperty() modelId!: string;
  @ApiProperty() modelRef!: string;
  @ApiProperty({ example: 'chat.completions' }) endpoint!: string;
  @ApiProperty({ example: 200 }) status!: number;
  @ApiProperty({ type: String, nullable: true }) errorCode!: string | null;
  @ApiProperty() inputTokens!: number;
  @ApiProperty() outputTokens!: number;
  @ApiProperty() images!: number;
  @ApiProperty({ description: 'The token counts were estimated (the upstream did not report them)' }) estimated!: boolean;
  @ApiProperty() costUsd!: number;
  @ApiProperty() latencyMs!: number;
  @ApiProperty() streamed!: boolean;
  @ApiProperty({ type: String, nullable: true }) deploymentKey!: string | null;
  @ApiProperty({ type: Number, nullable: true }) deploymentVersion!: number | null;
  @ApiProperty({ type: String, nullable: true }) deploymentVariant!: string | null;
}

export class UsageRequestsPageDto implements UsageRequestsPage {
  @ApiProperty({ type: [UsageRequestViewDto] }) data!: UsageRequestViewDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' }) nextCursor!: string | null;
}

export class LatencyPercentilesDto {
  @ApiProperty({ type: Number, nullable: true }) p50!: number | null;
  @ApiProperty({ type: Number, nullable: true }) p95!: number | null;
  @ApiProperty({ type: Number, nullable: true }) p99!: number | null;
}

export class UsageFiguresDto implements UsageFigures {
  @ApiProperty() requests!: number;
  @ApiProperty({ description: 'Requests answered with an HTTP status of 400 or more' }) errors!: number;
  @ApiProperty() inputTokens!: number;
  @ApiProperty() outputTokens!: number;
  @ApiProperty() images!: number;
  @ApiProperty({ description: 'USD, from the model prices at the time of each request' }) costUsd!: number;
  @ApiProperty({ type: LatencyPercentilesDto, description: 'Milliseconds, from a histogram of log-spaced buckets (within about 10 % of the exact value)' }) latencyMs!: LatencyPercentilesDto;
}

export class UsageGroupDto extends UsageFiguresDto implements UsageGroup {
  @ApiProperty({ description: 'The model ref (groupBy=model), the UTC day YYYY-MM-DD (groupBy=day), the UTC hour YYYY-MM-DDTHH:00Z (groupBy=hour), or `<day> <model ref>` (groupBy=model,day)' }) key!: string;
  @ApiPropertyOptional() modelId?: string;
  @ApiPropertyOptional() modelRef?: string;
  @ApiPropertyOptional({ example: '2025-01-31' }) day?: string;
  @ApiPropertyOptional({ example: '2025-01-31T13:00Z' }) hour?: string;
  @ApiPropertyOptional({ example: 'customer-support' }) deploymentKey?: string;
  @ApiPropertyOptional({ example: 3 }) deploymentVersion?: number;
  @ApiPropertyOptional({ example: 'concise' }) deploymentVariant?: string;
}

export class UsageReportDto implements UsageReport {
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ enum: USAGE_GROUP_BY }) groupBy!: UsageGroupBy;
  @ApiProperty({ type: UsageFiguresDto }) totals!: UsageFiguresDto;
  @ApiProperty({ type: [UsageGroupDto] }) groups!: UsageGroupDto[];
}
