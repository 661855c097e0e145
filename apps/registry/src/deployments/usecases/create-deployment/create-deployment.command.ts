import { type AuthContext } from '../../../auth/auth-context';
import { type DeploymentInput } from '../../deployment-input.util';

export interface CreateDeploymentCommand {
  auth: AuthContext;
  input: DeploymentInput & { key: string };
}
