import { BaseCommand } from '@model-garden/platform';
import { IsInt, IsUUID, Max, Min } from 'class-validator';

/** gRPC GetBudgetConsumption: a budget's consumption in [fromMs, toMs) (toMs 0: no end). */
export class GetBudgetConsumptionCommand extends BaseCommand {
  @IsUUID() workspaceId!: string;
  @IsUUID() budgetId!: string;
  @IsInt() @Min(0) @Max(8.64e15) fromMs!: number;
  @IsInt() @Min(0) @Max(8.64e15) toMs!: number;
}
