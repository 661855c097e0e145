import { BaseCommand } from '@model-garden/platform';
import { IsString, IsUUID, Length } from 'class-validator';

export class ResolveModelCommand extends BaseCommand {
  @IsUUID() workspaceId!: string;
  /** `<workspace>@openailike/<key>`, a key, an id, or a public `provider/model`. */
  @IsString() @Length(1, 400) model!: string;
}
