import { type AuthContext } from '../../../auth/auth-context';

export interface CompareRunsCommand {
  auth: AuthContext;
  experimentId: string;
  runId: string;
  baselineRunId: string;
}
