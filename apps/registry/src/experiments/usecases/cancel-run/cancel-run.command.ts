import { type AuthContext } from '../../../auth/auth-context';

export interface CancelRunCommand {
  auth: AuthContext;
  experimentId: string;
  runId: string;
}
