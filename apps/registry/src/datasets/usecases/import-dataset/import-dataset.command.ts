import { type Readable } from 'node:stream';
import { type DatasetFormat, type DatasetImportMode } from '@model-garden/contracts';
import { type AuthContext } from '../../../auth/auth-context';

export interface ImportDatasetCommand {
  auth: AuthContext;
  datasetId: string;
  format: DatasetFormat;
  mode: DatasetImportMode;
  /** Check and preview the file without writing anything. */
  dryRun: boolean;
  /** The request body, read as it arrives. */
  file: Readable;
}
