import { Injectable } from '@nestjs/common';
import { EVENT_TYPES } from '@model-garden/contracts';
import { type ModelOutcome } from '../../model-outcome';
import { ModelUpdater } from '../../model-updater.service';
import { type RequestModelValidationCommand } from './request-model-validation.command';

/**
 * Runs validation again without a configuration change. It takes a new revision,
 * so the validator's job id `<modelId>:<revision>` is new and a late result of the
 * previous run cannot overwrite this one.
 */
@Injectable()
export class RequestModelValidationUseCase {
  constructor(private readonly updater: ModelUpdater) {}

  execute(command: RequestModelValidationCommand): Promise<ModelOutcome> {
    return this.updater.apply(command.auth, command.id, {}, {
      revalidate: 'always',
      event: EVENT_TYPES.modelValidationRequested,
      waitSeconds: command.waitSeconds,
    });
  }
}
