import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { AuthenticatedCommand } from '../../../auth/authenticated.command';
import { DeploymentPageQueryDto } from '../../dtos/deployment-request.dto';

export class ListDeploymentsCommand extends AuthenticatedCommand {
  @ValidateNested() @Type(() => DeploymentPageQueryDto) query!: DeploymentPageQueryDto;
}
