import { Injectable } from '@nestjs/common';
import { type DeploymentVersionView } from '@model-garden/contracts';
import { toVersionView } from '../../deployment.mapper';
import { DeploymentRepository } from '../../deployment.repository';
import { type GetDeploymentVersionCommand } from './get-deployment-version.command';

/** One version of a deployment, whole (for a diff or a restore). */
@Injectable()
export class GetDeploymentVersionUseCase {
  constructor(private readonly deployments: DeploymentRepository) {}

  async execute(command: GetDeploymentVersionCommand): Promise<DeploymentVersionView> {
    const deployment = await this.deployments.getByKey(command.auth.workspaceId, command.key);
    return toVersionView(await this.deployments.getVersion(deployment, command.version));
  }
}
