import { type AuthContext } from '../../../auth/auth-context';

export interface GetDeploymentCommand {
  auth: AuthContext;
  key: string;
}
