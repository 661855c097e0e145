import { BaseCommand } from '@model-garden/platform';
import { IsString, IsUUID } from 'class-validator';

export class RevokeApiKeyCommand extends BaseCommand {
  @IsUUID() workspaceId!: string;
  /** As the path gave it: an id that is not a key's is a 404. */
  @IsString() id!: string;
}
