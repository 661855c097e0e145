import { Injectable } from '@nestjs/common';
import { EVENT_TYPES, type ModelDeletedData, TOPICS } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { OutboxService } from '../../../outbox/outbox.service';
import { ModelEntity } from '../../model.entity';
import { ModelRepository } from '../../model.repository';
import { type DeleteModelCommand } from './delete-model.command';

/** Deletes the model and its encrypted key, with ModelDeleted in the same transaction. */
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
      await manager.delete(ModelEntity, { id: model.id });
      const data: ModelDeletedData = { modelId: model.id, workspaceId: model.workspaceId, revision: model.revision };
      await this.outbox.append(manager, TOPICS.models, EVENT_TYPES.modelDeleted, model.id, data);
    });
  }
}
