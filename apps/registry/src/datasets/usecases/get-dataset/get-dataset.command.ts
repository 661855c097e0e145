import { IsString } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';

export class GetDatasetCommand extends AuthenticatedCommand {
  @IsString() id!: string;
}
