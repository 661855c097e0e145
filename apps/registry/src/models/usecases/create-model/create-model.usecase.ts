import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EVENT_TYPES, slugifyModelKey, TOPICS } from '@model-garden/contracts';
import { maskSecret, SecretCipher } from '@model-garden/platform';
import { DataSource } from 'typeorm';
import { OutboxService } from '../../../outbox/outbox.service';
import { isUniqueViolation } from '../../../shared/pg-errors.util';
import { ModelEntity } from '../../model.entity';
import { modelChangedData, toModelView } from '../../model.mapper';
import { type ModelOutcome } from '../../model-outcome';
import { MODEL_KEY_CONSTRAINT, ModelRepository } from '../../model.repository';
import { normalizeBaseUrl } from '../../model-rules.util';
import { ModelStatusWaiter } from '../../model-status-waiter.service';
import { type CreateModelCommand } from './create-model.command';
import { encryptModelSecret } from '../../model-secret.util';

/**
 * Stores a new private model with its provider key encrypted (the model id is the
 * associated data) and status `validating`, and writes ModelAdded to the outbox in
 * the same transaction. A key clash is a 409 with a free key to use instead.
 */
@Injectable()
export class CreateModelUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: SecretCipher,
    private readonly outbox: OutboxService,
    private readonly models: ModelRepository,
    private readonly waiter: ModelStatusWaiter,
  ) {}

  async execute(command: CreateModelCommand): Promise<ModelOutcome> {
    const { auth, input } = command;
    const id = randomUUID();
    const now = new Date();
    const baseUrl = normalizeBaseUrl(new URL(input.baseUrl.trim()).href);
    const secret = encryptModelSecret(this.cipher, input.apiKey, { id, workspaceId: auth.workspaceId, baseUrl });
    const model: ModelEntity = Object.assign(new ModelEntity(), {
      id,
      workspaceId: auth.workspaceId,
      key: input.key ?? slugifyModelKey(input.modelId),
      name: input.name,
      description: input.description ?? null,
      type: input.type,
      baseUrl,
      upstreamModelId: input.modelId,
      region: input.region,
      maxTokens: input.maxTokens ?? null,
      temperature: input.temperature ?? null,
      priceInputPerMillion: input.pricing?.inputPerMillionTokens ?? null,
      priceOutputPerMillion: input.pricing?.outputPerMillionTokens ?? null,
      pricePerImage: input.pricing?.perImage ?? null,
      apiKeyCiphertext: secret.ciphertext,
      apiKeyKeyId: secret.keyId,
      apiKeyHint: maskSecret(input.apiKey),
      status: 'validating',
      statusMessage: null,
      revision: 1,
      validation: null,
      validationProgress: null,
      statusEventAt: null,
      createdAt: now,
      updatedAt: now,
    } satisfies ModelEntity);

    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.insert(ModelEntity, model);
        await this.outbox.append(manager, TOPICS.models, EVENT_TYPES.modelAdded, model.id, modelChangedData(model));
      });
    } catch (error) {
      if (isUniqueViolation(error, MODEL_KEY_CONSTRAINT)) throw await this.models.keyConflict(auth.workspaceId, model.key);
      throw error;
    }

    const settled = command.waitSeconds > 0 ? await this.waiter.waitForResult(model, command.waitSeconds) : model;
    return { model: toModelView(settled, auth.workspaceSlug), validating: settled.status === 'validating' };
  }
}
