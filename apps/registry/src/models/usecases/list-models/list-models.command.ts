import { type AuthContext } from '../../../auth/auth-context';
import { type ListModelsQueryDto } from '../../dtos/list-models.query.dto';

export interface ListModelsCommand {
  auth: AuthContext;
  query: ListModelsQueryDto;
}
