import { Injectable } from '@nestjs/common';
import { EVENT_TYPES } from '@model-garden/contracts';
import { type ModelOutcome } from '../../model-outcome';
import { ModelUpdater } from '../../model-updater.service';
import { type RotateModelApiKeyCommand } from './rotate-model-api-key.command';

/** Replaces the provider key (encrypted under the active keyring entry) and re-validates. */
@Injectable()
export class RotateModelApiKeyUseCase {
  constructor(private readonly updater: ModelUpdater) {}

  execute(command: RotateModelApiKeyCommand): Promise<ModelOutcome> {
    return this.updater.apply(command.auth, command.id, { apiKey: command.apiKey }, {
      revalidate: 'always',
      event: EVENT_TYPES.modelUpdated,
      waitSeconds: command.waitSeconds,
    });
  }
}
