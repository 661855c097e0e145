import { type AuthContext } from '../../../auth/auth-context';

export interface RequestModelValidationCommand {
  auth: AuthContext;
  id: string;
  waitSeconds: number;
}
