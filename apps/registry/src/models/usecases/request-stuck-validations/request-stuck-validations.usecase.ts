import { Injectable } from '@nestjs/common';
import { EVENT_TYPES, TOPICS } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { OutboxService } from '../../../outbox/outbox.service';
import { ModelEntity } from '../../model.entity';
import { ModelRepository } from '../../model.repository';
import { modelChangedData } from '../../model.mapper';
import { type RequestStuckValidationsCommand } from './request-stuck-validations.command';

/**
 * Asks again for the validation of models that have been `validating` for too long
 * after their validation request reached Kafka.
 * A verdict can be lost although every service did its part: the validator's last
 * attempt could not publish (Kafka down), or Redis lost the queued jobs (a restart
 * without persistence) after their events were consumed. Nothing else would ever
 * settle such a model. Each one takes a new revision, exactly like POST /validate
 * (the validator's job id is per revision, so the old job cannot shadow the new one),
 * with its ModelValidationRequested event in the same transaction. Rows are locked
 * with SKIP LOCKED, so several registries never re-request the same model twice.
 */
@Injectable()
export class RequestStuckValidationsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly models: ModelRepository,
    private readonly outbox: OutboxService,
  ) {}

  /** The ids of the models whose validation was requested again. */
  async execute(command: RequestStuckValidationsCommand): Promise<string[]> {
    return this.dataSource.transaction(async (manager) => {
      // Waiting counts from the model's last event reaching Kafka: while its event is still in
      // the outbox (Kafka down), the validator has not been asked yet and nothing is lost.
      const models = await this.models.lockStuckValidating(manager, command.stuckAfterSeconds, command.batchSize);
      for (const model of models) {
        model.revision += 1;
        model.statusMessage = `No validation result arrived within ${command.stuckAfterSeconds} s; the validation was requested again.`;
        model.validation = null;
        model.statusEventAt = null;
        model.updatedAt = new Date();
        await manager.save(ModelEntity, model, { reload: false });
        await this.outbox.append(manager, TOPICS.models, EVENT_TYPES.modelValidationRequested, model.id, modelChangedData(model, []));
      }
      return models.map((model) => model.id);
    });
  }
}
