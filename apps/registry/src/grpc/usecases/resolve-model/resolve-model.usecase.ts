import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { PRIVATE_MODEL_PROVIDER, type ResolvedModel } from '@model-garden/contracts';
import { Repository } from 'typeorm';
import { PublicCatalogue } from '../../../catalogue/public-catalogue.service';
import { PublicModelSettingsRepository } from '../../../catalogue/public-model-settings.repository';
import { ModelEntity } from '../../../models/model.entity';
import { isUuid } from '../../../shared/pg-errors.util';
import { RegistryException } from '../../../shared/registry.exception';
import { WorkspaceEntity } from '../../../workspaces/workspace.entity';
import { type ResolveModelCommand } from './resolve-model.command';
import { ModelSecrets } from '../../model-secrets.service';
import { resolvedPrivateModel, resolvedPublicModel } from '../../resolved-model.mapper';

/**
 * Resolves what a client wrote in `model` for its workspace: `<slug>@openailike/<key>`
 * (the slug must be the caller's own), a private model's id or key, or a public
 * `<provider>/<key>`. Another workspace's model is NOT_FOUND, like a missing one.
 */
@Injectable()
export class ResolveModelUseCase {
  constructor(
    @InjectRepository(ModelEntity) private readonly models: Repository<ModelEntity>,
    @InjectRepository(WorkspaceEntity) private readonly workspaces: Repository<WorkspaceEntity>,
    private readonly catalogue: PublicCatalogue,
    private readonly settings: PublicModelSettingsRepository,
    private readonly secrets: ModelSecrets,
  ) {}

  async execute(command: ResolveModelCommand): Promise<ResolvedModel> {
    const workspace = await this.workspaces.findOneBy({ id: command.workspaceId });
    if (!workspace) throw RegistryException.notFound('model');
    const reference = command.model.trim();

    const marker = `@${PRIVATE_MODEL_PROVIDER}/`;
    const at = reference.indexOf(marker);
    if (at > 0) {
      if (reference.slice(0, at) !== workspace.slug) throw RegistryException.notFound('model');
      return this.privateModel(workspace, { key: reference.slice(at + marker.length) });
    }
    if (isUuid(reference)) return this.privateModel(workspace, { id: reference });
    const publicModel = this.catalogue.find(reference);
    if (publicModel) {
      return resolvedPublicModel(publicModel, workspace.id, await this.settings.isEnabled(workspace.id, publicModel.ref), await this.settings.hasAccess(workspace.id), this.catalogue);
    }
    return this.privateModel(workspace, { key: reference });
  }

  private async privateModel(workspace: WorkspaceEntity, by: { id: string } | { key: string }): Promise<ResolvedModel> {
    const model = await this.models.findOneBy({ workspaceId: workspace.id, ...by });
    if (!model) throw RegistryException.notFound('model');
    return resolvedPrivateModel(model, workspace.slug, this.secrets.apiKeyOf(model));
  }
}
