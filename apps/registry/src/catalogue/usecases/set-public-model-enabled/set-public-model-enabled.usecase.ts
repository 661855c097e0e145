import { Injectable } from '@nestjs/common';
import { type ModelView } from '@model-garden/contracts';
import { RegistryException } from '../../../shared/registry.exception';
import { PublicCatalogue } from '../../public-catalogue.service';
import { PublicModelSettingsRepository } from '../../public-model-settings.repository';
import { type SetPublicModelEnabledCommand } from './set-public-model-enabled.command';

/** Turns a public model on or off for one workspace (gRPC then resolves it as `unavailable`). */
@Injectable()
export class SetPublicModelEnabledUseCase {
  constructor(
    private readonly catalogue: PublicCatalogue,
    private readonly settings: PublicModelSettingsRepository,
  ) {}

  async execute(command: SetPublicModelEnabledCommand): Promise<ModelView> {
    const model = this.catalogue.find(`${command.provider}/${command.key}`);
    if (!model) throw RegistryException.notFound('public model');
    await this.settings.setEnabled(command.workspaceId, model.ref, command.enabled);
    return this.catalogue.toView(model, command.enabled, await this.settings.hasAccess(command.workspaceId));
  }
}
