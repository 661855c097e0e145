import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';
import { CreateBudgetDto } from '../../dtos/budget.dto';

export class CreateBudgetCommand extends AuthenticatedCommand {
  @ValidateNested() @Type(() => CreateBudgetDto) input!: CreateBudgetDto;
}
