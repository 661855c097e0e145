import { Injectable } from '@nestjs/common';
import { type DeploymentView } from '@model-garden/contracts';
import { toDeploymentView } from '../../deployment.mapper';
import { DeploymentModels } from '../../deployment-models.service';
import { DeploymentRepository } from '../../deployment.repository';
import { type GetDeploymentCommand } from './get-deployment.command';

/** A deployment with its current version and its health (the models' states now). */
@Injectable()
export class GetDeploymentUseCase {
  constructor(
    private readonly deployments: DeploymentRepository,
    private readonly models: DeploymentModels,
  ) {}

  async execute(command: GetDeploymentCommand): Promise<DeploymentView> {
    const { deployment, version } = await this.deployments.current(command.auth.workspaceId, command.key);
    const [health] = await this.models.health(command.auth, [version.config]);
    return toDeploymentView(deployment, version, health!);
  }
}
