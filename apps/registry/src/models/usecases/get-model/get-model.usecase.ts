import { Injectable } from '@nestjs/common';
import { type ModelView } from '@model-garden/contracts';
import { PublicCatalogue } from '../../../catalogue/public-catalogue.service';
import { PublicModelSettingsRepository } from '../../../catalogue/public-model-settings.repository';
import { RegistryException } from '../../../shared/registry.exception';
import { toModelView } from '../../model.mapper';
import { ModelRepository } from '../../model.repository';
import { type GetModelCommand } from './get-model.command';

/** One model by id, key or ref: a private model of this workspace, or a public `<provider>/<key>`. */
@Injectable()
export class GetModelUseCase {
  constructor(
    private readonly models: ModelRepository,
    private readonly catalogue: PublicCatalogue,
    private readonly settings: PublicModelSettingsRepository,
  ) {}

  async execute(command: GetModelCommand): Promise<ModelView> {
    const { auth, id } = command;
    const model = await this.models.findInWorkspace(auth, id);
    if (model) return toModelView(model, auth.workspaceSlug);
    const publicModel = this.catalogue.find(id);
    if (publicModel) return this.catalogue.toView(publicModel, await this.settings.isEnabled(auth.workspaceId, publicModel.ref), await this.settings.hasAccess(auth.workspaceId));
    throw RegistryException.notFound('model');
  }
}
