import { Injectable } from '@nestjs/common';
import { type ModelType, type ModelView } from '@model-garden/contracts';
import { type AuthContext } from '../auth/auth-context';
import { PublicCatalogue } from '../catalogue/public-catalogue.service';
import { PublicModelSettingsRepository } from '../catalogue/public-model-settings.repository';
import { toModelView } from '../models/model.mapper';
import { ModelRepository } from '../models/model.repository';
import { RegistryException } from '../shared/registry.exception';

/**
 * Finds the model a column or an evaluator names (id, key, ref, or a public
 * `provider/model`) among the workspace's, and checks its type: a wrong reference is
 * a 400 naming the field, never a run that fails on every cell.
 */
@Injectable()
export class WorkspaceModels {
  constructor(
    private readonly models: ModelRepository,
    private readonly catalogue: PublicCatalogue,
    private readonly settings: PublicModelSettingsRepository,
  ) {}

  async require(auth: AuthContext, reference: string, type: ModelType, field: string): Promise<ModelView> {
    const model = await this.find(auth, reference.trim());
    if (!model) throw RegistryException.field(field, `${field}: there is no model "${reference}" in this workspace; use its id, key or ref (GET /v1/models).`);
    if (model.type !== type) throw RegistryException.field(field, `${field}: ${model.ref} is a ${model.type} model; this needs a ${type} model.`);
    return model;
  }

  private async find(auth: AuthContext, reference: string): Promise<ModelView | undefined> {
    const model = await this.models.findInWorkspace(auth, reference);
    if (model) return toModelView(model, auth.workspaceSlug);
    const publicModel = this.catalogue.find(reference);
    return publicModel ? this.catalogue.toView(publicModel, await this.settings.isEnabled(auth.workspaceId, publicModel.ref), await this.settings.hasAccess(auth.workspaceId)) : undefined;
  }
}
