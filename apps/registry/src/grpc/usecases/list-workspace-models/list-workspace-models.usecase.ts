import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type ListModelsResponse, type ModelSummary } from '@model-garden/contracts';
import { Repository } from 'typeorm';
import { PublicCatalogue } from '../../../catalogue/public-catalogue.service';
import { RegistryConfig } from '../../../config/registry.config';
import { PublicModelSettingsRepository } from '../../../catalogue/public-model-settings.repository';
import { ModelEntity } from '../../../models/model.entity';
import { privateModelRef } from '../../../models/model.mapper';
import { RegistryException } from '../../../shared/registry.exception';
import { WorkspaceEntity } from '../../../workspaces/workspace.entity';
import { type ListWorkspaceModelsCommand } from './list-workspace-models.command';

/** What a workspace can call: its private models (any status) and the public models it may use now. No credentials. */
@Injectable()
export class ListWorkspaceModelsUseCase {
  constructor(
    @InjectRepository(ModelEntity) private readonly models: Repository<ModelEntity>,
    @InjectRepository(WorkspaceEntity) private readonly workspaces: Repository<WorkspaceEntity>,
    private readonly catalogue: PublicCatalogue,
    private readonly settings: PublicModelSettingsRepository,
    private readonly config: RegistryConfig,
  ) {}

  async execute(command: ListWorkspaceModelsCommand): Promise<ListModelsResponse> {
    const workspace = await this.workspaces.findOneBy({ id: command.workspaceId });
    if (!workspace) throw RegistryException.notFound('workspace');
    const privateModels = await this.models.find({ where: { workspaceId: workspace.id }, order: { createdAt: 'DESC', id: 'DESC' } });
    const enabled = await this.settings.enabledByRef(workspace.id);
    const access = (workspace.publicModelsAccess ?? this.config.PUBLIC_MODELS_ACCESS_DEFAULT) === 'enabled';
    const summaries: ModelSummary[] = privateModels.map((m) => ({
      id: m.id,
      ref: privateModelRef(workspace.slug, m.key),
      key: m.key,
      owner: 'private',
      type: m.type,
      status: m.status,
      name: m.name,
      createdAtMs: new Date(m.createdAt).getTime(),
      region: m.region,
    }));
    for (const model of this.catalogue.all()) {
      if (this.catalogue.statusOf(model, enabled.get(model.ref) ?? true, access).status !== 'active') continue;
      summaries.push({ id: model.ref, ref: model.ref, key: model.model.key, owner: 'public', type: model.model.type, status: 'active', name: model.model.name, createdAtMs: 0, region: model.provider.region });
    }
    return { models: summaries };
  }
}
