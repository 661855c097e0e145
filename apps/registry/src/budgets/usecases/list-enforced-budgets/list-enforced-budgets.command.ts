import { BaseCommand } from '@model-garden/platform';
import { IsUUID } from 'class-validator';

/** gRPC ListWorkspaceBudgets. */
export class ListEnforcedBudgetsCommand extends BaseCommand {
  @IsUUID() workspaceId!: string;
}
