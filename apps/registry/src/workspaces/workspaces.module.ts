import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { CreateWorkspaceUseCase } from './usecases/create-workspace/create-workspace.usecase';
import { SetPublicModelsAccessUseCase } from './usecases/set-public-models-access/set-public-models-access.usecase';
import { WorkspaceEntity } from './workspace.entity';
import { WorkspaceRepository } from './workspace.repository';
import { WorkspacesController } from './workspaces.controller';
import { WorkspaceSettingsController } from './workspace-settings.controller';
import { GetCurrentWorkspaceUseCase } from './usecases/get-current-workspace/get-current-workspace.usecase';
import { SetAllowedRegionsUseCase } from './usecases/set-allowed-regions/set-allowed-regions.usecase';

const USE_CASES = [CreateWorkspaceUseCase, SetPublicModelsAccessUseCase, GetCurrentWorkspaceUseCase, SetAllowedRegionsUseCase];

@Module({
  imports: [TypeOrmModule.forFeature([WorkspaceEntity]), ApiKeysModule],
  controllers: [WorkspacesController, WorkspaceSettingsController],
  providers: [WorkspaceRepository, ...USE_CASES],
})
export class WorkspacesModule {}
