import { type AuthContext } from '../../../auth/auth-context';

export interface GetModelCommand {
  auth: AuthContext;
  id: string;
}
