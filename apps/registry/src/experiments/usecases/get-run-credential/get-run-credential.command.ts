import { IsUUID } from 'class-validator';
import { BaseCommand } from '@model-garden/platform';

export class GetRunCredentialCommand extends BaseCommand {
  @IsUUID() runId!: string;
}
