import { type AuthContext } from '../../../auth/auth-context';
import { type CellsQueryDto } from '../../dtos/experiment.dto';

export interface ListCellsCommand {
  auth: AuthContext;
  experimentId: string;
  runId: string;
  query: CellsQueryDto;
}
