import { PUBLIC_MODELS_ACCESS, type PublicModelsAccess } from '@model-garden/contracts';
import { BaseCommand } from '@model-garden/platform';
import { IsIn, IsString } from 'class-validator';

/** Built from the path's workspace id and the validated UpdateWorkspaceDto. */
export class SetPublicModelsAccessCommand extends BaseCommand {
  @IsString() workspaceId!: string;
  @IsIn(PUBLIC_MODELS_ACCESS) publicModelsAccess!: PublicModelsAccess;
}
