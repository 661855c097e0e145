import { type AuthContext } from '../../../auth/auth-context';
import { type UpdateDatasetDto } from '../../dtos/dataset.dto';

export interface UpdateDatasetCommand {
  auth: AuthContext;
  id: string;
  input: UpdateDatasetDto;
}
