import { type AuthContext } from '../../../auth/auth-context';

export interface GetExperimentCommand {
  auth: AuthContext;
  id: string;
}
