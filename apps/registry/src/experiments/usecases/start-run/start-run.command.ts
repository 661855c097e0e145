import { IsString } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';

export class StartRunCommand extends AuthenticatedCommand {
  @IsString() experimentId!: string;
}
