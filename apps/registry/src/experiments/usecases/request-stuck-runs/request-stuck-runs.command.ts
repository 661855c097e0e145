import { BaseCommand } from '@model-garden/platform';
import { IsInt, Min } from 'class-validator';

export class RequestStuckRunsCommand extends BaseCommand {
  /** A run with queued cells and no change for this long is asked for again. */
  @IsInt() @Min(1) stuckAfterSeconds!: number;
  /** At most this many runs per call. */
  @IsInt() @Min(1) batchSize!: number;
}
