import { REGIONS, type Region, type UsageRecordedData } from '@model-garden/contracts';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsNumber, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { BaseCommand } from '@model-garden/platform';

const ENDPOINTS = ['chat.completions', 'completions', 'embeddings', 'images.generations'] as const;

/** A UsageRecorded event from the gateway, checked before it is stored. */
export class RecordUsageCommand extends BaseCommand implements UsageRecordedData {
  @IsString() @Length(1, 128) requestId!: string;
  @IsUUID() workspaceId!: string;
  @IsString() @Length(1, 64) apiKeyId!: string;
  @IsString() @Length(1, 200) modelId!: string;
  @IsString() @Length(1, 300) modelRef!: string;
  @IsIn(ENDPOINTS) endpoint!: UsageRecordedData['endpoint'];
  @IsInt() @Min(100) @Max(599) status!: number;
  @IsOptional() @IsString() @Length(1, 64) errorCode?: string;
  // 64-bit columns; beyond 2^53 a JSON number is no longer exact, so that is the ceiling.
  @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) inputTokens!: number;
  @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) outputTokens!: number;
  @IsOptional() @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) images?: number;
  @IsBoolean() estimated!: boolean;
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) costUsd!: number;
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(2_147_483_647) latencyMs!: number;
  @IsBoolean() streamed!: boolean;
  @IsISO8601() occurredAt!: string;
  @IsOptional() @IsUUID() deploymentId?: string;
  @IsOptional() @IsString() @Length(1, 64) deploymentKey?: string;
  @IsOptional() @IsInt() @Min(1) deploymentVersion?: number;
  @IsOptional() @IsString() @Length(1, 64) deploymentVariant?: string;
  @IsOptional() @IsIn(REGIONS) region?: Region;
  // Not stored with the usage record; budgets take them (ChargeBudgetsCommand.fromUsage).
  @IsOptional() @IsBoolean() cached?: boolean;
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) savedCostUsd?: number;
}
