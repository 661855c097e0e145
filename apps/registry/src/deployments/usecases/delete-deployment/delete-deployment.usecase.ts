import { Injectable } from '@nestjs/common';
import { type DeploymentDeletedData, EVENT_TYPES, TOPICS } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { OutboxService } from '../../../outbox/outbox.service';
import { DeploymentEntity } from '../../deployment.entity';
import { DeploymentRepository } from '../../deployment.repository';
import { type DeleteDeploymentCommand } from './delete-deployment.command';

/** Deletes a deployment with all its versions, with DeploymentDeleted in the same transaction. */
@Injectable()
export class DeleteDeploymentUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly deployments: DeploymentRepository,
    private readonly outbox: OutboxService,
  ) {}

  async execute(command: DeleteDeploymentCommand): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const deployment = await this.deployments.getByKey(command.auth.workspaceId, command.key, manager, true);
      await manager.delete(DeploymentEntity, { id: deployment.id });
      const data: DeploymentDeletedData = { deploymentId: deployment.id, workspaceId: deployment.workspaceId, key: deployment.key, version: deployment.currentVersion };
      await this.outbox.append(manager, TOPICS.deployments, EVENT_TYPES.deploymentDeleted, deployment.id, data);
    });
  }
}
