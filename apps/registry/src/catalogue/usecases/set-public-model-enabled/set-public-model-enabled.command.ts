import { BaseCommand } from '@model-garden/platform';
import { IsBoolean, IsString, IsUUID } from 'class-validator';

export class SetPublicModelEnabledCommand extends BaseCommand {
  @IsUUID() workspaceId!: string;
  @IsString() provider!: string;
  @IsString() key!: string;
  @IsBoolean() enabled!: boolean;
}
