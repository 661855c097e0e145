import { type AuthContext } from '../../../auth/auth-context';

export interface DeleteDeploymentCommand {
  auth: AuthContext;
  key: string;
}
