import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';
import { ListQueryDto } from '../../dtos/experiment.dto';

export class ListExperimentsCommand extends AuthenticatedCommand {
  @ValidateNested() @Type(() => ListQueryDto) query!: ListQueryDto;
}
