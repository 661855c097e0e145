import { Type } from 'class-transformer';
import { IsString, ValidateNested } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';
import { ReplaceDatapointDto } from '../../dtos/dataset.dto';

export class ReplaceDatapointCommand extends AuthenticatedCommand {
  @IsString() datasetId!: string;
  @IsString() datapointId!: string;
  @ValidateNested() @Type(() => ReplaceDatapointDto) input!: ReplaceDatapointDto;
}
