import { IsString } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';

export class GetEvaluatorCommand extends AuthenticatedCommand {
  @IsString() id!: string;
}
