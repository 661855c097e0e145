import { BaseCommand } from '@model-garden/platform';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { RecordUsageCommand } from './record-usage.command';

/** UsageRecorded events stored together (one Kafka batch, or one event). */
export class RecordUsageBatchCommand extends BaseCommand {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50_000)
  @ValidateNested({ each: true })
  @Type(() => RecordUsageCommand)
  usage!: RecordUsageCommand[];
}
