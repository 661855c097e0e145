import { type AuthContext } from '../../../auth/auth-context';
import { type ListQueryDto } from '../../dtos/experiment.dto';

export interface ListExperimentsCommand {
  auth: AuthContext;
  query: ListQueryDto;
}
