import { type AuthContext } from '../../../auth/auth-context';

export interface ListEvaluatorsCommand {
  auth: AuthContext;
}
