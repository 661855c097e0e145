import { type AuthContext } from '../../../auth/auth-context';
import { type CreateEvaluatorDto } from '../../dtos/evaluator.dto';

export interface CreateEvaluatorCommand {
  auth: AuthContext;
  input: CreateEvaluatorDto;
}
