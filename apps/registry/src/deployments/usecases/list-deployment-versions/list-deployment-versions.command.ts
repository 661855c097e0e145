import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { DeploymentPageQueryDto } from '../../dtos/deployment-request.dto';
import { DeploymentCommand } from '../../deployments.command';

export class ListDeploymentVersionsCommand extends DeploymentCommand {
  @ValidateNested() @Type(() => DeploymentPageQueryDto) query!: DeploymentPageQueryDto;
}
