import { BaseCommand } from '@model-garden/platform';
import { IsInt, Max, Min } from 'class-validator';

/** How long each kind of usage data is kept, and how far ahead partitions are made (the storage worker's configuration). */
export class MaintainUsageStorageCommand extends BaseCommand {
  @IsInt() @Min(1) @Max(3_650) rawRetentionDays!: number;
  @IsInt() @Min(1) @Max(90) partitionsAheadDays!: number;
  @IsInt() @Min(1) @Max(36_500) minuteRetentionDays!: number;
  @IsInt() @Min(1) @Max(36_500) hourRetentionDays!: number;
  @IsInt() @Min(1) @Max(36_500) dayRetentionDays!: number;
}
