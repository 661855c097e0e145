import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';
import { PageQueryDto } from '../../dtos/dataset.dto';

export class ListDatasetsCommand extends AuthenticatedCommand {
  @ValidateNested() @Type(() => PageQueryDto) query!: PageQueryDto;
}
