import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { API_KEY_SCOPES, type CreateWorkspaceResponse } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { ApiKeyIssuer } from '../../../api-keys/api-key-issuer.service';
import { RegistryConfig } from '../../../config/registry.config';
import { isUniqueViolation } from '../../../shared/pg-errors.util';
import { RegistryException } from '../../../shared/registry.exception';
import { WorkspaceEntity } from '../../workspace.entity';
import { toWorkspaceView } from '../../workspace.mapper';
import { WorkspaceRepository } from '../../workspace.repository';
import { type CreateWorkspaceCommand } from './create-workspace.command';

export const WORKSPACE_SLUG_CONSTRAINT = 'uq_workspaces_slug';

/** A workspace and its first API key (every scope), in one transaction. */
@Injectable()
export class CreateWorkspaceUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly workspaces: WorkspaceRepository,
    private readonly issuer: ApiKeyIssuer,
    private readonly config: RegistryConfig,
  ) {}

  async execute(command: CreateWorkspaceCommand): Promise<CreateWorkspaceResponse> {
    const now = new Date();
    const access = command.publicModelsAccess === undefined || command.publicModelsAccess === 'default' ? null : command.publicModelsAccess;
    const workspace = Object.assign(new WorkspaceEntity(), { id: randomUUID(), slug: command.slug, name: command.name.trim(), publicModelsAccess: access, createdAt: now, updatedAt: now });
    try {
      return await this.dataSource.transaction(async (manager) => {
        await manager.insert(WorkspaceEntity, workspace);
        const apiKey = await this.issuer.issue(manager, { workspaceId: workspace.id, label: 'default', scopes: [...API_KEY_SCOPES], expiresAt: null });
        return { workspace: toWorkspaceView(workspace, this.config.PUBLIC_MODELS_ACCESS_DEFAULT), apiKey };
      });
    } catch (error) {
      if (isUniqueViolation(error, WORKSPACE_SLUG_CONSTRAINT)) throw await this.slugConflict(command.slug);
      throw error;
    }
  }

  private async slugConflict(slug: string): Promise<RegistryException> {
    const taken = await this.workspaces.slugsStartingWith(slug);
    let suggestion = slug;
    for (let n = 2; taken.has(suggestion); n += 1) suggestion = `${slug.slice(0, 48 - `-${n}`.length).replace(/-+$/, '')}-${n}`;
    const message = `A workspace with slug "${slug}" already exists; choose another slug, for example "${suggestion}".`;
    return RegistryException.conflict(message, [{ field: 'slug', message }], suggestion);
  }
}
