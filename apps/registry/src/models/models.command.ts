import { IsInt, IsString, Max, Min } from 'class-validator';
import { AuthenticatedCommand } from '../auth/authenticated.command';
import { MAX_WAIT_SECONDS } from './dtos/wait.query.dto';

/** A command on one model of the caller's workspace, named as the path gave it (id, key or ref). */
export abstract class ModelCommand extends AuthenticatedCommand {
  @IsString() id!: string;
}

/** A change that may start a validation: the answer can wait for its result (`?wait`). */
export abstract class ModelChangeCommand extends ModelCommand {
  /** Seconds to hold the answer for the validation result (0: answer at once). */
  @IsInt() @Min(0) @Max(MAX_WAIT_SECONDS) waitSeconds!: number;
}
