import { type AuthContext } from '../../../auth/auth-context';
import { type PageQueryDto } from '../../dtos/dataset.dto';

export interface ListDatasetsCommand {
  auth: AuthContext;
  query: PageQueryDto;
}
