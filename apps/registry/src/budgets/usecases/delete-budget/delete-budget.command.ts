import { IsString, Length } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';

export class DeleteBudgetCommand extends AuthenticatedCommand {
  @IsString() @Length(1, 64) id!: string;
}
