import { USAGE_GROUP_BY, type UsageGroupBy } from '@model-garden/contracts';
import { BaseCommand } from '@model-garden/platform';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID } from 'class-validator';

export class GetUsageReportCommand extends BaseCommand {
  @IsUUID() workspaceId!: string;
  @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @IsOptional() @IsISO8601({ strict: true }) to?: string;
  @IsOptional() @IsIn(USAGE_GROUP_BY) groupBy?: UsageGroupBy;
  /** Only this model (id or ref). */
  @IsOptional() @IsString() model?: string;
  /** Only calls made through this deployment (its key). */
  @IsOptional() @IsString() deployment?: string;
}
