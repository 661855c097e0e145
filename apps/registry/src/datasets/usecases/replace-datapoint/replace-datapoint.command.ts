import { type AuthContext } from '../../../auth/auth-context';
import { type ReplaceDatapointDto } from '../../dtos/dataset.dto';

export interface ReplaceDatapointCommand {
  auth: AuthContext;
  datasetId: string;
  datapointId: string;
  input: ReplaceDatapointDto;
}
