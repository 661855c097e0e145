import { type AuthContext } from '../../../auth/auth-context';
import { type CreateExperimentDto } from '../../dtos/experiment.dto';

export interface CreateExperimentCommand {
  auth: AuthContext;
  input: CreateExperimentDto;
}
