import { type AuthContext } from '../../../auth/auth-context';

export interface DeleteExperimentCommand {
  auth: AuthContext;
  id: string;
}
