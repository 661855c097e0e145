import { DATASET_FORMATS, type DatasetFormat } from '@model-garden/contracts';
import { IsIn, IsString } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';

export class ExportDatasetCommand extends AuthenticatedCommand {
  @IsString() datasetId!: string;
  @IsIn(DATASET_FORMATS) format!: DatasetFormat;
}
