import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { RegistryConfig } from '../config/registry.config';
import { WorkspaceEntity } from '../workspaces/workspace.entity';
import { WorkspacePublicModelEntity } from './workspace-public-model.entity';

/**
 * Each workspace's enable/disable choices for public models (a model without a row is
 * enabled), under the operator's access setting for the workspace: without access no
 * public model is usable, whatever the workspace chose.
 */
@Injectable()
export class PublicModelSettingsRepository {
  constructor(
    @InjectRepository(WorkspacePublicModelEntity) private readonly settings: Repository<WorkspacePublicModelEntity>,
    @InjectRepository(WorkspaceEntity) private readonly workspaces: Repository<WorkspaceEntity>,
    private readonly config: RegistryConfig,
  ) {}

  /** The operator's setting for the workspace, or PUBLIC_MODELS_ACCESS_DEFAULT when it has none. */
  async hasAccess(workspaceId: string): Promise<boolean> {
    const workspace = await this.workspaces.findOne({ where: { id: workspaceId }, select: { id: true, publicModelsAccess: true } });
    return (workspace?.publicModelsAccess ?? this.config.PUBLIC_MODELS_ACCESS_DEFAULT) === 'enabled';
  }

  async enabledByRef(workspaceId: string): Promise<Map<string, boolean>> {
    const rows = await this.settings.findBy({ workspaceId });
    return new Map(rows.map((r) => [r.ref, r.enabled]));
  }

  async isEnabled(workspaceId: string, ref: string): Promise<boolean> {
    return (await this.settings.findOneBy({ workspaceId, ref }))?.enabled ?? true;
  }

  async setEnabled(workspaceId: string, ref: string, enabled: boolean): Promise<void> {
    await this.settings.upsert({ workspaceId, ref, enabled, updatedAt: new Date() }, { conflictPaths: ['workspaceId', 'ref'] });
  }
}
