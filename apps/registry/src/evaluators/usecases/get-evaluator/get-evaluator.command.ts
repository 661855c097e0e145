import { type AuthContext } from '../../../auth/auth-context';

export interface GetEvaluatorCommand {
  auth: AuthContext;
  id: string;
}
