import { Injectable } from '@nestjs/common';
import { type WorkspaceView } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { RegistryConfig } from '../../../config/registry.config';
import { isUuid } from '../../../shared/pg-errors.util';
import { RegistryException } from '../../../shared/registry.exception';
import { WorkspaceEntity } from '../../workspace.entity';
import { toWorkspaceView } from '../../workspace.mapper';
import { type SetPublicModelsAccessCommand } from './set-public-models-access.command';

/**
 * An operator grants or withdraws a workspace's use of the public models (they spend
 * the operator's provider keys), or returns it to PUBLIC_MODELS_ACCESS_DEFAULT. Gateways
 * see the change when their cached resolutions expire.
 */
@Injectable()
export class SetPublicModelsAccessUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: RegistryConfig,
  ) {}

  async execute(command: SetPublicModelsAccessCommand): Promise<WorkspaceView> {
    if (!isUuid(command.workspaceId)) throw RegistryException.notFound('workspace');
    const access = command.publicModelsAccess === 'default' ? null : command.publicModelsAccess;
    const workspaces = this.dataSource.getRepository(WorkspaceEntity);
    const workspace = await workspaces.findOneBy({ id: command.workspaceId });
    if (!workspace) throw RegistryException.notFound('workspace');
    workspace.publicModelsAccess = access;
    return toWorkspaceView(await workspaces.save(workspace), this.config.PUBLIC_MODELS_ACCESS_DEFAULT);
  }
}
