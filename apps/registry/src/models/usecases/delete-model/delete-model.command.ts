import { type AuthContext } from '../../../auth/auth-context';

export interface DeleteModelCommand {
  auth: AuthContext;
  id: string;
}
