import { BaseCommand } from '@model-garden/platform';
import { IsString, IsUUID } from 'class-validator';

export class GetPublicModelCommand extends BaseCommand {
  @IsUUID() workspaceId!: string;
  @IsString() provider!: string;
  @IsString() key!: string;
}
