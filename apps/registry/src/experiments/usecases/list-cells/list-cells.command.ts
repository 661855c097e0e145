import { Type } from 'class-transformer';
import { IsString, ValidateNested } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';
import { CellsQueryDto } from '../../dtos/experiment.dto';

export class ListCellsCommand extends AuthenticatedCommand {
  @IsString() experimentId!: string;
  @IsString() runId!: string;
  @ValidateNested() @Type(() => CellsQueryDto) query!: CellsQueryDto;
}
