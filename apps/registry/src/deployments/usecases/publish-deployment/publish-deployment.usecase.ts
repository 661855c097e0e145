import { Injectable } from '@nestjs/common';
import { type DeploymentView } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { deploymentInput } from '../../deployment-input.util';
import { toDeploymentView } from '../../deployment.mapper';
import { DeploymentModels } from '../../deployment-models.service';
import { DeploymentPublisher } from '../../deployment-publisher.service';
import { DeploymentRepository } from '../../deployment.repository';
import { type PublishDeploymentCommand } from './publish-deployment.command';

/**
 * Publishes a new version of a deployment (the whole configuration, checked like a
 * create) and makes it current. The deployment row is locked, so concurrent publishes
 * get consecutive version numbers.
 */
@Injectable()
export class PublishDeploymentUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly deployments: DeploymentRepository,
    private readonly models: DeploymentModels,
    private readonly publisher: DeploymentPublisher,
  ) {}

  async execute(command: PublishDeploymentCommand): Promise<DeploymentView> {
    const { auth } = command;
    const input = deploymentInput(command.input, false);
    return this.dataSource.transaction(async (manager) => {
      const deployment = await this.deployments.getByKey(auth.workspaceId, command.key, manager, true);
      const { views, modelIds } = await this.models.check(auth, input.variants, manager);
      if (input.description !== undefined) deployment.description = input.description;
      const config = { variants: views, routing: input.routing, cache: input.cache };
      const version = await this.publisher.publish(manager, auth, deployment, { config, modelIds, note: input.note ?? null, restoredFrom: null }, false);
      const [health] = await this.models.health(auth, [config]);
      return toDeploymentView(deployment, version, health!);
    });
  }
}
