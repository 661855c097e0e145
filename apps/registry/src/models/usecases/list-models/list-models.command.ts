import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';
import { ListModelsQueryDto } from '../../dtos/list-models.query.dto';

export class ListModelsCommand extends AuthenticatedCommand {
  @ValidateNested() @Type(() => ListModelsQueryDto) query!: ListModelsQueryDto;
}
