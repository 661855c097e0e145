import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BudgetsModule } from '../budgets/budgets.module';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { ExperimentsModule } from '../experiments/experiments.module';
import { DeploymentsModule } from '../deployments/deployments.module';
import { ModelEntity } from '../models/model.entity';
import { ModelsModule } from '../models/models.module';
import { WorkspaceEntity } from '../workspaces/workspace.entity';
import { GrpcExceptionFilter } from './grpc-exception.filter';
import { ModelSecrets } from './model-secrets.service';
import { RegistryGrpcController } from './registry-grpc.controller';
import { ServiceTokenGuard } from './service-token.guard';
import { GetModelForValidationUseCase } from './usecases/get-model-for-validation/get-model-for-validation.usecase';
import { ListActiveModelsUseCase } from './usecases/list-active-models/list-active-models.usecase';
import { ListWorkspaceModelsUseCase } from './usecases/list-workspace-models/list-workspace-models.usecase';
import { ResolveModelUseCase } from './usecases/resolve-model/resolve-model.usecase';

const USE_CASES = [ResolveModelUseCase, GetModelForValidationUseCase, ListWorkspaceModelsUseCase, ListActiveModelsUseCase];

@Module({
  imports: [TypeOrmModule.forFeature([ModelEntity, WorkspaceEntity]), CatalogueModule, ModelsModule, DeploymentsModule, ExperimentsModule, BudgetsModule],
  controllers: [RegistryGrpcController],
  providers: [ServiceTokenGuard, GrpcExceptionFilter, ModelSecrets, ...USE_CASES],
})
export class GrpcModule {}
