import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { RestoreDeploymentVersionDto } from '../../dtos/deployment-request.dto';
import { DeploymentVersionCommand } from '../../deployments.command';

export class RestoreDeploymentVersionCommand extends DeploymentVersionCommand {
  @ValidateNested() @Type(() => RestoreDeploymentVersionDto) input!: RestoreDeploymentVersionDto;
}
