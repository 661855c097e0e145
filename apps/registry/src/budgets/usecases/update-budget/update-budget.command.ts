import { Type } from 'class-transformer';
import { IsString, Length, ValidateNested } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';
import { UpdateBudgetDto } from '../../dtos/budget.dto';

export class UpdateBudgetCommand extends AuthenticatedCommand {
  @IsString() @Length(1, 64) id!: string;
  @ValidateNested() @Type(() => UpdateBudgetDto) input!: UpdateBudgetDto;
}
