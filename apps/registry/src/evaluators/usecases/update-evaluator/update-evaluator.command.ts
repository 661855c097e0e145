import { type AuthContext } from '../../../auth/auth-context';
import { type UpdateEvaluatorDto } from '../../dtos/evaluator.dto';

export interface UpdateEvaluatorCommand {
  auth: AuthContext;
  id: string;
  input: UpdateEvaluatorDto;
}
