import { IsString } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';

export class DeleteExperimentCommand extends AuthenticatedCommand {
  @IsString() id!: string;
}
