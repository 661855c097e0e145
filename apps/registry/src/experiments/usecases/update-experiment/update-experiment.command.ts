import { Type } from 'class-transformer';
import { IsString, ValidateNested } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';
import { UpdateExperimentDto } from '../../dtos/experiment.dto';

export class UpdateExperimentCommand extends AuthenticatedCommand {
  @IsString() id!: string;
  @ValidateNested() @Type(() => UpdateExperimentDto) input!: UpdateExperimentDto;
}
