import { type AuthContext } from '../../../auth/auth-context';

export interface DeleteDatapointCommand {
  auth: AuthContext;
  datasetId: string;
  datapointId: string;
}
