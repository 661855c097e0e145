import { BaseCommand } from '@model-garden/platform';
import { type RecordUsageCommand } from '../../../usage/usecases/record-usage/record-usage.command';
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

  /**
   * The charge of a usage event already built as a RecordUsageCommand, whose rules for
   * these fields are the same or stricter (the spec holds them to it): the event is not
   * validated a second time, which cost the registry a quarter of its time per event.
   */
  static fromUsage(usage: RecordUsageCommand): ChargeBudgetsCommand {
    const command = new ChargeBudgetsCommand();
    command.requestId = usage.requestId;
    command.workspaceId = usage.workspaceId;
    command.apiKeyId = usage.apiKeyId;
    command.modelId = usage.modelId;
    if (usage.deploymentId !== undefined) command.deploymentId = usage.deploymentId;
    command.status = usage.status;
    if (usage.errorCode !== undefined) command.errorCode = usage.errorCode;
    command.inputTokens = usage.inputTokens;
    command.outputTokens = usage.outputTokens;
    command.costUsd = usage.costUsd;
    command.occurredAt = usage.occurredAt;
    if (usage.cached !== undefined) command.cached = usage.cached;
    if (usage.savedCostUsd !== undefined) command.savedCostUsd = usage.savedCostUsd;
    return command;
  }
}
