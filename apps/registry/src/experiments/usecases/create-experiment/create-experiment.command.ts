import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';
import { CreateExperimentDto } from '../../dtos/experiment.dto';

export class CreateExperimentCommand extends AuthenticatedCommand {
  @ValidateNested() @Type(() => CreateExperimentDto) input!: CreateExperimentDto;
}
