import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';
import { CreateApiKeyDto } from '../../dtos/api-key.dto';

export class CreateApiKeyCommand extends AuthenticatedCommand {
  @ValidateNested() @Type(() => CreateApiKeyDto) input!: CreateApiKeyDto;
}
