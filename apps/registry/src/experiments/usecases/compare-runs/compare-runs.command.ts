import { IsString, IsUUID } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';

export class CompareRunsCommand extends AuthenticatedCommand {
  @IsString() experimentId!: string;
  @IsString() runId!: string;
  @IsUUID() baselineRunId!: string;
}
