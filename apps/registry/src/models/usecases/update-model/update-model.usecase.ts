import { Injectable } from '@nestjs/common';
import { EVENT_TYPES } from '@model-garden/contracts';
import { type ModelOutcome } from '../../model-outcome';
import { ModelUpdater } from '../../model-updater.service';
import { type UpdateModelCommand } from './update-model.command';

/** PATCH: changes what was sent; re-validates only when baseUrl, modelId, type or the API key changed. */
@Injectable()
export class UpdateModelUseCase {
  constructor(private readonly updater: ModelUpdater) {}

  execute(command: UpdateModelCommand): Promise<ModelOutcome> {
    const { input } = command;
    return this.updater.apply(
      command.auth,
      command.id,
      {
        type: input.type,
        baseUrl: input.baseUrl,
        apiKey: input.apiKey,
        name: input.name,
        modelId: input.modelId,
        key: input.key,
        region: input.region,
        description: input.description,
        maxTokens: input.maxTokens,
        temperature: input.temperature,
        pricing: input.pricing === undefined || input.pricing === null ? input.pricing : { ...input.pricing },
      },
      { revalidate: 'if-needed', event: EVENT_TYPES.modelUpdated, waitSeconds: command.waitSeconds },
    );
  }
}
