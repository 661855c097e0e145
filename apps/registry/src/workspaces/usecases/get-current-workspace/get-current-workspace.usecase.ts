import { Injectable } from '@nestjs/common';
import { type CurrentWorkspaceView } from '@model-garden/contracts';
import { DataSource } from 'typeorm';
import { RegistryConfig } from '../../../config/registry.config';
import { RegistryException } from '../../../shared/registry.exception';
import { WorkspaceEntity } from '../../workspace.entity';
import { toCurrentWorkspaceView } from '../../workspace.mapper';
import { type GetCurrentWorkspaceCommand } from './get-current-workspace.command';

/** The caller's workspace with its settings, and what the calling key itself may use (the studio's settings page and markers). */
@Injectable()
export class GetCurrentWorkspaceUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: RegistryConfig,
  ) {}

  async execute({ auth }: GetCurrentWorkspaceCommand): Promise<CurrentWorkspaceView> {
    const workspace = await this.dataSource.getRepository(WorkspaceEntity).findOneBy({ id: auth.workspaceId });
    if (!workspace) throw RegistryException.notFound('workspace');
    return toCurrentWorkspaceView(workspace, auth, this.config.PUBLIC_MODELS_ACCESS_DEFAULT);
  }
}
