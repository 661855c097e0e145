import { Injectable } from '@nestjs/common';
import { type ModelView } from '@model-garden/contracts';
import { RegistryException } from '../../../shared/registry.exception';
import { PublicCatalogue } from '../../public-catalogue.service';
import { PublicModelSettingsRepository } from '../../public-model-settings.repository';
import { type GetPublicModelCommand } from './get-public-model.command';

@Injectable()
export class GetPublicModelUseCase {
  constructor(
    private readonly catalogue: PublicCatalogue,
    private readonly settings: PublicModelSettingsRepository,
  ) {}

  async execute(command: GetPublicModelCommand): Promise<ModelView> {
    const model = this.catalogue.find(`${command.provider}/${command.key}`);
    if (!model) throw RegistryException.notFound('public model');
    return this.catalogue.toView(model, await this.settings.isEnabled(command.workspaceId, model.ref), await this.settings.hasAccess(command.workspaceId));
  }
}
