import { type AuthContext } from '../../../auth/auth-context';

export interface GetRunCommand {
  auth: AuthContext;
  experimentId: string;
  runId: string;
}
