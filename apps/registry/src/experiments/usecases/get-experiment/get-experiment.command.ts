import { IsString } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';

export class GetExperimentCommand extends AuthenticatedCommand {
  @IsString() id!: string;
}
