import { type AuthContext } from '../../../auth/auth-context';
import { type CreateDatasetDto } from '../../dtos/dataset.dto';

export interface CreateDatasetCommand {
  auth: AuthContext;
  input: CreateDatasetDto;
}
