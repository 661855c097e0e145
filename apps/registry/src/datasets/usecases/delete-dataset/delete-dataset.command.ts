import { type AuthContext } from '../../../auth/auth-context';

export interface DeleteDatasetCommand {
  auth: AuthContext;
  id: string;
}
