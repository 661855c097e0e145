import { IsString } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';

export class GetRunCommand extends AuthenticatedCommand {
  @IsString() experimentId!: string;
  @IsString() runId!: string;
}
