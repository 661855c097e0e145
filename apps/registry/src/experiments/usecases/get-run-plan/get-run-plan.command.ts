import { IsUUID } from 'class-validator';
import { BaseCommand } from '@model-garden/platform';

export class GetRunPlanCommand extends BaseCommand {
  @IsUUID() runId!: string;
}
