import { IsString } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';

export class DeleteEvaluatorCommand extends AuthenticatedCommand {
  @IsString() id!: string;
}
