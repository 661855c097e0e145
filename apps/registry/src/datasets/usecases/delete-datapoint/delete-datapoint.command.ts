import { IsString } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';

export class DeleteDatapointCommand extends AuthenticatedCommand {
  @IsString() datasetId!: string;
  @IsString() datapointId!: string;
}
