import { type AuthContext } from '../../../auth/auth-context';
import { type AddDatapointsDto } from '../../dtos/dataset.dto';

export interface AddDatapointsCommand {
  auth: AuthContext;
  datasetId: string;
  input: AddDatapointsDto;
}
