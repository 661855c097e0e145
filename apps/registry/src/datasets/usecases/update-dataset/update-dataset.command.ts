import { Type } from 'class-transformer';
import { IsString, ValidateNested } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';
import { UpdateDatasetDto } from '../../dtos/dataset.dto';

export class UpdateDatasetCommand extends AuthenticatedCommand {
  @IsString() id!: string;
  @ValidateNested() @Type(() => UpdateDatasetDto) input!: UpdateDatasetDto;
}
