import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { USAGE_GROUP_BY, type UsageFigures, type UsageGroup, type UsageGroupBy, type UsageReport, REGIONS, type Region } from '@model-garden/contracts';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';

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
      '`model,day` gives one group per model and UTC day; `deployment`, `deployment,version` and `deployment,variant` group the calls made through deployments; `region` groups by the region of the model that served',
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
  @ApiProperty({ type: LatencyPercentilesDto, description: 'Milliseconds' }) latencyMs!: LatencyPercentilesDto;
}

export class UsageGroupDto extends UsageFiguresDto implements UsageGroup {
  @ApiProperty({ description: 'The model ref (groupBy=model), the UTC day YYYY-MM-DD (groupBy=day), or `<day> <model ref>` (groupBy=model,day)' }) key!: string;
  @ApiPropertyOptional() modelId?: string;
  @ApiPropertyOptional() modelRef?: string;
  @ApiPropertyOptional({ example: '2025-01-31' }) day?: string;
  @ApiPropertyOptional({ example: 'customer-support' }) deploymentKey?: string;
  @ApiPropertyOptional({ example: 3 }) deploymentVersion?: number;
  @ApiPropertyOptional({ example: 'concise' }) deploymentVariant?: string;
  @ApiPropertyOptional({ enum: REGIONS, description: 'groupBy=region: the region of the models that served' }) region?: Region;
}

export class UsageReportDto implements UsageReport {
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ enum: USAGE_GROUP_BY }) groupBy!: UsageGroupBy;
  @ApiProperty({ type: UsageFiguresDto }) totals!: UsageFiguresDto;
  @ApiProperty({ type: [UsageGroupDto] }) groups!: UsageGroupDto[];
}
