import { type AuthContext } from '../../../auth/auth-context';
import { type DeploymentInput } from '../../deployment-input.util';

export interface PublishDeploymentCommand {
  auth: AuthContext;
  key: string;
  input: DeploymentInput;
}
