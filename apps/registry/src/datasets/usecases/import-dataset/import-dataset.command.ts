import { DATASET_FORMATS, DATASET_IMPORT_MODES, type DatasetFormat, type DatasetImportMode } from '@model-garden/contracts';
import { IsBoolean, IsIn, IsString } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';

/**
 * The import's settings. The file itself (the request body, read as it arrives) is not
 * data to validate and is handed to `execute` beside the command: a stream is no field
 * of a plain object, and the transformer must never walk a socket.
 */
export class ImportDatasetCommand extends AuthenticatedCommand {
  @IsString() datasetId!: string;
  @IsIn(DATASET_FORMATS) format!: DatasetFormat;
  @IsIn(DATASET_IMPORT_MODES) mode!: DatasetImportMode;
  /** Check and preview the file without writing anything. */
  @IsBoolean() dryRun!: boolean;
}
