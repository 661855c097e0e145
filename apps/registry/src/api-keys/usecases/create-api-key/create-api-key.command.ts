import { type AuthContext } from '../../../auth/auth-context';
import { type CreateApiKeyDto } from '../../dtos/api-key.dto';

export interface CreateApiKeyCommand {
  auth: AuthContext;
  input: CreateApiKeyDto;
}
