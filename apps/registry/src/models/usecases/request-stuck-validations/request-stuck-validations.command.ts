import { BaseCommand } from '@model-garden/platform';
import { IsInt, Min } from 'class-validator';

export class RequestStuckValidationsCommand extends BaseCommand {
  /** A model validating for longer than this (since its last change) is stuck. */
  @IsInt() @Min(1) stuckAfterSeconds!: number;
  /** At most this many models per call. */
  @IsInt() @Min(1) batchSize!: number;
}
