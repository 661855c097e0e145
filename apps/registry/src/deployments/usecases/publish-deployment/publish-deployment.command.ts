import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { PublishDeploymentDto } from '../../dtos/deployment-request.dto';
import { DeploymentCommand } from '../../deployments.command';

export class PublishDeploymentCommand extends DeploymentCommand {
  @ValidateNested() @Type(() => PublishDeploymentDto) input!: PublishDeploymentDto;
}
