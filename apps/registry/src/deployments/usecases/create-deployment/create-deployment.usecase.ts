import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type DeploymentView } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { isUniqueViolation } from '../../../shared/pg-errors.util';
import { RegistryException } from '../../../shared/registry.exception';
import { deploymentInput } from '../../deployment-input.util';
import { DeploymentEntity } from '../../deployment.entity';
import { toDeploymentView } from '../../deployment.mapper';
import { DeploymentModels } from '../../deployment-models.service';
import { DeploymentPublisher } from '../../deployment-publisher.service';
import { DEPLOYMENT_KEY_CONSTRAINT } from '../../deployment.repository';
import { type CreateDeploymentCommand } from './create-deployment.command';

/** Creates a deployment with version 1, after the publish checks, and DeploymentPublished in the same transaction. */
@Injectable()
export class CreateDeploymentUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly models: DeploymentModels,
    private readonly publisher: DeploymentPublisher,
  ) {}

  async execute(command: CreateDeploymentCommand): Promise<DeploymentView> {
    const { auth } = command;
    const input = deploymentInput(command.input, true);
    const now = new Date();
    const deployment: DeploymentEntity = Object.assign(new DeploymentEntity(), {
      id: randomUUID(),
      workspaceId: auth.workspaceId,
      key: input.key,
      description: input.description ?? null,
      currentVersion: 1,
      createdAt: now,
      updatedAt: now,
    } satisfies DeploymentEntity);
    try {
      const { deploymentVersion, health } = await this.dataSource.transaction(async (manager) => {
        const { views, modelIds } = await this.models.check(auth, input.variants, manager);
        const config = { variants: views, routing: input.routing, cache: input.cache };
        const version = await this.publisher.publish(manager, auth, deployment, { config, modelIds, note: input.note ?? null, restoredFrom: null }, true);
        return { deploymentVersion: version, health: (await this.models.health(auth, [config]))[0]! };
      });
      return toDeploymentView(deployment, deploymentVersion, health);
    } catch (error) {
      if (isUniqueViolation(error, DEPLOYMENT_KEY_CONSTRAINT)) {
        const message = `A deployment with key "${input.key}" already exists in this workspace; publish a new version with PUT /v1/deployments/${input.key}, or choose another key.`;
        throw RegistryException.conflict(message, [{ field: 'key', message }]);
      }
      throw error;
    }
  }
}
