import { type AuthContext } from '../../../auth/auth-context';

export interface ListDeploymentsCommand {
  auth: AuthContext;
  limit: number;
  cursor?: string;
}
