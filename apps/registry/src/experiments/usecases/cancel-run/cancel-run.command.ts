import { IsString } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';

export class CancelRunCommand extends AuthenticatedCommand {
  @IsString() experimentId!: string;
  @IsString() runId!: string;
}
