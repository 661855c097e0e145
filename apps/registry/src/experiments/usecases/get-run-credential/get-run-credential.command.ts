import { IsUUID } from 'class-validator';
import { BaseCommand } from '../../../shared/base.command';

export class GetRunCredentialCommand extends BaseCommand {
  @IsUUID() runId!: string;
}
