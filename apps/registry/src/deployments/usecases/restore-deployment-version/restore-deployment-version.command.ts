import { type AuthContext } from '../../../auth/auth-context';

export interface RestoreDeploymentVersionCommand {
  auth: AuthContext;
  key: string;
  version: number;
  note?: string | null;
}
