import { BaseCommand } from '@model-garden/platform';
import { IsString } from 'class-validator';

/** Built from the validated CreateWorkspaceDto. */
export class CreateWorkspaceCommand extends BaseCommand {
  @IsString() slug!: string;
  @IsString() name!: string;
}
