import { type AuthContext } from '../../../auth/auth-context';

export interface DeleteEvaluatorCommand {
  auth: AuthContext;
  id: string;
}
