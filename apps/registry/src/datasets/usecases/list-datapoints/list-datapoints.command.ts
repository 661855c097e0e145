import { Type } from 'class-transformer';
import { IsString, ValidateNested } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';
import { PageQueryDto } from '../../dtos/dataset.dto';

export class ListDatapointsCommand extends AuthenticatedCommand {
  @IsString() datasetId!: string;
  @ValidateNested() @Type(() => PageQueryDto) query!: PageQueryDto;
}
