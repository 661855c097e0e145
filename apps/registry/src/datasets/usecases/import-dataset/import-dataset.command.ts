import { type Readable } from 'node:stream';
import { type DatasetFormat, type DatasetImportMode } from '@model-garden/contracts';
import { type AuthContext } from '../../../auth/auth-context';

export interface ImportDatasetCommand {
  auth: AuthContext;
  datasetId: string;
  format: DatasetFormat;
  mode: DatasetImportMode;
  /** The request body, read as it arrives. */
  file: Readable;
}
