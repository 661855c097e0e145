import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';
import { CreateEvaluatorDto } from '../../dtos/evaluator.dto';

export class CreateEvaluatorCommand extends AuthenticatedCommand {
  @ValidateNested() @Type(() => CreateEvaluatorDto) input!: CreateEvaluatorDto;
}
