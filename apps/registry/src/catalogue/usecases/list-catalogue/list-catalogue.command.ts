import { BaseCommand } from '@model-garden/platform';
import { IsOptional, IsString, IsUUID } from 'class-validator';

export class ListCatalogueCommand extends BaseCommand {
  @IsUUID() workspaceId!: string;
  @IsOptional() @IsString() provider?: string;
}
