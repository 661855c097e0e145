import { type AuthContext } from '../../../auth/auth-context';
import { type ListQueryDto } from '../../dtos/experiment.dto';

export interface ListRunsCommand {
  auth: AuthContext;
  experimentId: string;
  query: ListQueryDto;
}
