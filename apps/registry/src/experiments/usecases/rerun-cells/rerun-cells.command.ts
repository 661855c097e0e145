import { type AuthContext } from '../../../auth/auth-context';
import { type RerunDto } from '../../dtos/experiment.dto';

export interface RerunCellsCommand {
  auth: AuthContext;
  experimentId: string;
  runId: string;
  input: RerunDto;
}
