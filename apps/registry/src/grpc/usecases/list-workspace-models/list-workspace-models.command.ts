import { BaseCommand } from '@model-garden/platform';
import { IsUUID } from 'class-validator';

export class ListWorkspaceModelsCommand extends BaseCommand {
  @IsUUID() workspaceId!: string;
}
