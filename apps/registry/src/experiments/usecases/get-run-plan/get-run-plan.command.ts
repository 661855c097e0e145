import { IsUUID } from 'class-validator';
import { BaseCommand } from '../../../shared/base.command';

export class GetRunPlanCommand extends BaseCommand {
  @IsUUID() runId!: string;
}
