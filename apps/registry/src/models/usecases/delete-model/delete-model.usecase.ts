import { Injectable } from '@nestjs/common';
import { ERROR_CODES, EVENT_TYPES, type ModelDeletedData, TOPICS } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { OutboxService } from '../../../outbox/outbox.service';
import { RegistryException } from '../../../shared/registry.exception';
import { ModelEntity } from '../../model.entity';
import { ModelRepository } from '../../model.repository';
import { type DeleteModelCommand } from './delete-model.command';

/**
 * Deletes the model and its encrypted key, with ModelDeleted in the same transaction.
 * A model the current version of a deployment uses is refused (409 naming them);
 * publishes hold the model row FOR SHARE, so none can slip in between.
 */
@Injectable()
export class DeleteModelUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly models: ModelRepository,
  ) {}

  async execute(command: DeleteModelCommand): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const model = await this.models.getInWorkspace(command.auth, command.id, manager, true);
      const deployments = await this.models.deploymentsUsing(manager, model.workspaceId, model.id);
      if (deployments.length > 0) {
        const names = deployments.map((key) => `"${key}"`).join(', ');
        throw new RegistryException(
          ERROR_CODES.modelInUse,
          `The model is used by the current version of ${deployments.length === 1 ? 'deployment' : 'deployments'} ${names}; publish ${deployments.length === 1 ? 'a version' : 'versions'} without it first (PUT /v1/deployments/{key}).`,
          deployments.map((key) => ({ field: 'deployments', message: key })),
        );
      }
      await manager.delete(ModelEntity, { id: model.id });
      const data: ModelDeletedData = { modelId: model.id, workspaceId: model.workspaceId, revision: model.revision };
      await this.outbox.append(manager, TOPICS.models, EVENT_TYPES.modelDeleted, model.id, data);
    });
  }
}
