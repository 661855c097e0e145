import { Type } from 'class-transformer';
import { IsString, ValidateNested } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';
import { UpdateEvaluatorDto } from '../../dtos/evaluator.dto';

export class UpdateEvaluatorCommand extends AuthenticatedCommand {
  @IsString() id!: string;
  @ValidateNested() @Type(() => UpdateEvaluatorDto) input!: UpdateEvaluatorDto;
}
