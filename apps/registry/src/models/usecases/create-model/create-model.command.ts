import { Type } from 'class-transformer';
import { IsInt, Max, Min, ValidateNested } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';
import { CreateModelDto } from '../../dtos/create-model.dto';
import { MAX_WAIT_SECONDS } from '../../dtos/wait.query.dto';

export class CreateModelCommand extends AuthenticatedCommand {
  @ValidateNested() @Type(() => CreateModelDto) input!: CreateModelDto;
  /** Seconds to hold the answer for the validation result (0: answer at once). */
  @IsInt() @Min(0) @Max(MAX_WAIT_SECONDS) waitSeconds!: number;
}
