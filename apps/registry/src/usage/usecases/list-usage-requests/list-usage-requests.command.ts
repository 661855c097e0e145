import { USAGE_STATUS_CLASSES, type UsageStatusClass } from '@model-garden/contracts';
import { BaseCommand } from '@model-garden/platform';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';

export class ListUsageRequestsCommand extends BaseCommand {
  @IsUUID() workspaceId!: string;
  @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @IsOptional() @IsISO8601({ strict: true }) to?: string;
  /** Only this model (id or ref). */
  @IsOptional() @IsString() model?: string;
  /** Only calls made through this deployment (its key). */
  @IsOptional() @IsString() deployment?: string;
  @IsOptional() @IsString() apiKeyId?: string;
  @IsOptional() @IsString() endpoint?: string;
  @IsOptional() @IsIn(USAGE_STATUS_CLASSES) statusClass?: UsageStatusClass;
  @IsInt() @Min(1) @Max(200) limit!: number;
  @IsOptional() @IsString() cursor?: string;
}
