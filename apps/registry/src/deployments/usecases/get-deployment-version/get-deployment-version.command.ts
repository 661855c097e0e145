import { type AuthContext } from '../../../auth/auth-context';

export interface GetDeploymentVersionCommand {
  auth: AuthContext;
  key: string;
  version: number;
}
