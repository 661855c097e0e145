import { type AuthContext } from '../../../auth/auth-context';

export interface RotateModelApiKeyCommand {
  auth: AuthContext;
  id: string;
  apiKey: string;
  waitSeconds: number;
}
