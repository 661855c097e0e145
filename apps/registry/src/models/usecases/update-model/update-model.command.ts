import { type AuthContext } from '../../../auth/auth-context';
import { type UpdateModelDto } from '../../dtos/update-model.dto';

export interface UpdateModelCommand {
  auth: AuthContext;
  id: string;
  input: UpdateModelDto;
  waitSeconds: number;
}
