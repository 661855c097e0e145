import { type AuthContext } from '../../../auth/auth-context';

export interface GetDatasetCommand {
  auth: AuthContext;
  id: string;
}
