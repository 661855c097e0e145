import { type AuthContext } from '../../../auth/auth-context';
import { type UpdateExperimentDto } from '../../dtos/experiment.dto';

export interface UpdateExperimentCommand {
  auth: AuthContext;
  id: string;
  input: UpdateExperimentDto;
}
