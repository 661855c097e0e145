import { type DatasetFormat } from '@model-garden/contracts';
import { type AuthContext } from '../../../auth/auth-context';

export interface ExportDatasetCommand {
  auth: AuthContext;
  datasetId: string;
  format: DatasetFormat;
}
