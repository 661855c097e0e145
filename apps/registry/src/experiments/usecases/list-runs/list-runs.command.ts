import { Type } from 'class-transformer';
import { IsString, ValidateNested } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';
import { ListQueryDto } from '../../dtos/experiment.dto';

export class ListRunsCommand extends AuthenticatedCommand {
  @IsString() experimentId!: string;
  @ValidateNested() @Type(() => ListQueryDto) query!: ListQueryDto;
}
