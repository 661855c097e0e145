import { type AuthContext } from '../../../auth/auth-context';
import { type PageQueryDto } from '../../dtos/dataset.dto';

export interface ListDatapointsCommand {
  auth: AuthContext;
  datasetId: string;
  query: PageQueryDto;
}
