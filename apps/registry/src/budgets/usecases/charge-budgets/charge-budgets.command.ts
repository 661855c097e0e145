import { BaseCommand } from '@model-garden/platform';
import { IsBoolean, IsInt, IsISO8601, IsNumber, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';

/** What budgets take from a UsageRecorded event (the other fields are dropped). */
export class ChargeBudgetsCommand extends BaseCommand {
  @IsString() @Length(1, 160) requestId!: string;
  @IsUUID() workspaceId!: string;
  @IsString() @Length(1, 64) apiKeyId!: string;
  @IsString() @Length(1, 200) modelId!: string;
  @IsOptional() @IsUUID() deploymentId?: string;
  @IsInt() @Min(100) @Max(599) status!: number;
  @IsOptional() @IsString() @Length(1, 64) errorCode?: string;
  @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) inputTokens!: number;
  @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) outputTokens!: number;
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) costUsd!: number;
  @IsISO8601() occurredAt!: string;
  @IsOptional() @IsBoolean() cached?: boolean;
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) savedCostUsd?: number;
}
