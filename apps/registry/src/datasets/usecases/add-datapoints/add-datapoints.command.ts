import { Type } from 'class-transformer';
import { IsString, ValidateNested } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';
import { AddDatapointsDto } from '../../dtos/dataset.dto';

export class AddDatapointsCommand extends AuthenticatedCommand {
  @IsString() datasetId!: string;
  @ValidateNested() @Type(() => AddDatapointsDto) input!: AddDatapointsDto;
}
