import { BaseCommand } from '@model-garden/platform';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInstance } from 'class-validator';
import { RecordUsageCommand } from './record-usage.command';

/**
 * UsageRecorded events stored together (one Kafka batch, or one event). Each is a
 * RecordUsageCommand, validated when it was built (so a bad event is named by its own
 * fields); the batch only checks that it holds such commands.
 */
export class RecordUsageBatchCommand extends BaseCommand {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50_000)
  @IsInstance(RecordUsageCommand, { each: true })
  usage!: RecordUsageCommand[];
}
