import { BaseCommand } from '@model-garden/platform';
import { IsInt, Min } from 'class-validator';

export class SweepModelsInServiceCommand extends BaseCommand {
  /** When this sweep started: one re-check per model per sweep, whichever replica runs it. */
  @IsInt() @Min(0) sweepStartedAtMs!: number;
  /** Each model's re-check is delayed by a random part of this, so they do not all fire together. */
  @IsInt() @Min(0) spreadMs!: number;
}
