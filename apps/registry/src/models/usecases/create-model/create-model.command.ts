import { type AuthContext } from '../../../auth/auth-context';
import { type CreateModelDto } from '../../dtos/create-model.dto';

export interface CreateModelCommand {
  auth: AuthContext;
  input: CreateModelDto;
  /** Seconds to hold the answer for the validation result (0: answer at once). */
  waitSeconds: number;
}
