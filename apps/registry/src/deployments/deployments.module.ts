import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { ModelsModule } from '../models/models.module';
import { DeploymentModels } from './deployment-models.service';
import { DeploymentPublisher } from './deployment-publisher.service';
import { DeploymentVersionEntity } from './deployment-version.entity';
import { DeploymentEntity } from './deployment.entity';
import { DeploymentRepository } from './deployment.repository';
import { DeploymentsController } from './deployments.controller';
import { CreateDeploymentUseCase } from './usecases/create-deployment/create-deployment.usecase';
import { DeleteDeploymentUseCase } from './usecases/delete-deployment/delete-deployment.usecase';
import { GetDeploymentUseCase } from './usecases/get-deployment/get-deployment.usecase';
import { GetDeploymentVersionUseCase } from './usecases/get-deployment-version/get-deployment-version.usecase';
import { InvalidateDeploymentCacheUseCase } from './usecases/invalidate-deployment-cache/invalidate-deployment-cache.usecase';
import { ListDeploymentVersionsUseCase } from './usecases/list-deployment-versions/list-deployment-versions.usecase';
import { ListDeploymentsUseCase } from './usecases/list-deployments/list-deployments.usecase';
import { ListGatewayDeploymentsUseCase } from './usecases/list-gateway-deployments/list-gateway-deployments.usecase';
import { PublishDeploymentUseCase } from './usecases/publish-deployment/publish-deployment.usecase';
import { ResolveDeploymentUseCase } from './usecases/resolve-deployment/resolve-deployment.usecase';
import { RestoreDeploymentVersionUseCase } from './usecases/restore-deployment-version/restore-deployment-version.usecase';

const USE_CASES = [
  CreateDeploymentUseCase,
  PublishDeploymentUseCase,
  RestoreDeploymentVersionUseCase,
  DeleteDeploymentUseCase,
  GetDeploymentUseCase,
  ListDeploymentsUseCase,
  ListDeploymentVersionsUseCase,
  GetDeploymentVersionUseCase,
  ResolveDeploymentUseCase,
  ListGatewayDeploymentsUseCase,
  InvalidateDeploymentCacheUseCase,
];

@Module({
  imports: [TypeOrmModule.forFeature([DeploymentEntity, DeploymentVersionEntity]), ModelsModule, CatalogueModule],
  controllers: [DeploymentsController],
  providers: [DeploymentRepository, DeploymentModels, DeploymentPublisher, ...USE_CASES],
  exports: [DeploymentRepository, DeploymentModels, ResolveDeploymentUseCase, ListGatewayDeploymentsUseCase],
})
export class DeploymentsModule {}
