import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogueController } from './catalogue.controller';
import { PublicCatalogue } from './public-catalogue.service';
import { PublicModelSettingsRepository } from './public-model-settings.repository';
import { GetPublicModelUseCase } from './usecases/get-public-model/get-public-model.usecase';
import { ListCatalogueUseCase } from './usecases/list-catalogue/list-catalogue.usecase';
import { SetPublicModelEnabledUseCase } from './usecases/set-public-model-enabled/set-public-model-enabled.usecase';
import { WorkspacePublicModelEntity } from './workspace-public-model.entity';
import { WorkspaceEntity } from '../workspaces/workspace.entity';

const USE_CASES = [ListCatalogueUseCase, GetPublicModelUseCase, SetPublicModelEnabledUseCase];

@Module({
  imports: [TypeOrmModule.forFeature([WorkspacePublicModelEntity, WorkspaceEntity])],
  controllers: [CatalogueController],
  providers: [PublicCatalogue, PublicModelSettingsRepository, ...USE_CASES],
  exports: [PublicCatalogue, PublicModelSettingsRepository],
})
export class CatalogueModule {}
