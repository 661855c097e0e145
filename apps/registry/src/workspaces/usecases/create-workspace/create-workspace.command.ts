import { PUBLIC_MODELS_ACCESS, type PublicModelsAccess } from '@model-garden/contracts';
import { BaseCommand } from '@model-garden/platform';
import { IsIn, IsOptional, IsString } from 'class-validator';

/** Built from the validated CreateWorkspaceDto. */
export class CreateWorkspaceCommand extends BaseCommand {
  @IsString() slug!: string;
  @IsString() name!: string;
  /** The operator's public-model access for it; omitted: the default. */
  @IsOptional() @IsIn(PUBLIC_MODELS_ACCESS) publicModelsAccess?: PublicModelsAccess;
}
