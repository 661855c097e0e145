import { RUN_EXPORT_FORMATS, type RunExportFormat } from '@model-garden/contracts';
import { IsIn, IsString } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';

export class ExportRunCommand extends AuthenticatedCommand {
  @IsString() experimentId!: string;
  @IsString() runId!: string;
  @IsIn(RUN_EXPORT_FORMATS) format!: RunExportFormat;
}
