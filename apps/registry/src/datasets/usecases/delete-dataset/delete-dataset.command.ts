import { IsString } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';

export class DeleteDatasetCommand extends AuthenticatedCommand {
  @IsString() id!: string;
}
