import { type AuthContext } from '../../../auth/auth-context';

export interface StartRunCommand {
  auth: AuthContext;
  experimentId: string;
}
