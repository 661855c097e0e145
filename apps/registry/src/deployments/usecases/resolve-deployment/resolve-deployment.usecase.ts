import { Injectable } from '@nestjs/common';
import { DEPLOYMENT_KEY_PATTERN, type ResolvedDeployment } from '@model-garden/contracts';
import { toResolvedDeployment } from '../../deployment.mapper';
import { DeploymentRepository, notFound } from '../../deployment.repository';
import { type ResolveDeploymentCommand } from './resolve-deployment.command';

/** The current version of a workspace's deployment for the gateway; NOT_FOUND for another workspace's. */
@Injectable()
export class ResolveDeploymentUseCase {
  constructor(private readonly deployments: DeploymentRepository) {}

  async execute(command: ResolveDeploymentCommand): Promise<ResolvedDeployment> {
    if (!DEPLOYMENT_KEY_PATTERN.test(command.key)) throw notFound(command.key);
    const { deployment, version } = await this.deployments.current(command.workspaceId, command.key);
    return toResolvedDeployment(deployment, version);
  }
}
