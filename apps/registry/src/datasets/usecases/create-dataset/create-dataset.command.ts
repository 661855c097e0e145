import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';
import { CreateDatasetDto } from '../../dtos/dataset.dto';

export class CreateDatasetCommand extends AuthenticatedCommand {
  @ValidateNested() @Type(() => CreateDatasetDto) input!: CreateDatasetDto;
}
