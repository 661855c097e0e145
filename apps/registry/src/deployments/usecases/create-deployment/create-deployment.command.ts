import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';
import { CreateDeploymentDto } from '../../dtos/deployment-request.dto';

export class CreateDeploymentCommand extends AuthenticatedCommand {
  @ValidateNested() @Type(() => CreateDeploymentDto) input!: CreateDeploymentDto;
}
