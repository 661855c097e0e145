import { type AuthContext } from '../../../auth/auth-context';

export interface ListDeploymentVersionsCommand {
  auth: AuthContext;
  key: string;
  limit: number;
  cursor?: string;
}
