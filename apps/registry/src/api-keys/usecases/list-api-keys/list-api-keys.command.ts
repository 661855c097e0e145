import { BaseCommand } from '@model-garden/platform';
import { IsUUID } from 'class-validator';

export class ListApiKeysCommand extends BaseCommand {
  @IsUUID() workspaceId!: string;
}
