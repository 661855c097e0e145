import { Type } from 'class-transformer';
import { IsString, ValidateNested } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';
import { RerunDto } from '../../dtos/experiment.dto';

export class RerunCellsCommand extends AuthenticatedCommand {
  @IsString() experimentId!: string;
  @IsString() runId!: string;
  @ValidateNested() @Type(() => RerunDto) input!: RerunDto;
}
