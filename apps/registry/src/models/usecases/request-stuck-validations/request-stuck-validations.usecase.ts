import { Injectable } from '@nestjs/common';
import { EVENT_TYPES, TOPICS } from '@model-garden/contracts';
import { DataSource, In } from 'typeorm';
import { OutboxService } from '../../../outbox/outbox.service';
import { ModelEntity } from '../../model.entity';
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
    private readonly outbox: OutboxService,
  ) {}

  /** The ids of the models whose validation was requested again. */
  async execute(command: RequestStuckValidationsCommand): Promise<string[]> {
    return this.dataSource.transaction(async (manager) => {
      // Waiting counts from the model's last event reaching Kafka: while its event is still in
      // the outbox (Kafka down), the validator has not been asked yet and nothing is lost.
      const stuck: Array<{ id: string }> = await manager.query(
        `SELECT m.id FROM models m
          WHERE m.status = 'validating' AND m.updated_at < now() - make_interval(secs => $1)
            AND NOT EXISTS (
              SELECT 1 FROM outbox o
               WHERE o.message_key = m.id::text AND (o.published_at IS NULL OR o.published_at > now() - make_interval(secs => $1)))
          ORDER BY m.updated_at LIMIT $2 FOR UPDATE OF m SKIP LOCKED`,
        [command.stuckAfterSeconds, command.batchSize],
      );
      if (stuck.length === 0) return [];
      const models = await manager.find(ModelEntity, { where: { id: In(stuck.map((row) => row.id)) } });
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
