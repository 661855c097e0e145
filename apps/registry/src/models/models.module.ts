import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { OutboundBaseUrlConstraint } from './dtos/is-outbound-base-url.validator';
import { ModelEntity } from './model.entity';
import { ModelRepository } from './model.repository';
import { ModelStatusWaiter } from './model-status-waiter.service';
import { ModelUpdater } from './model-updater.service';
import { ModelsController } from './models.controller';
import { ApplyHealthChangeUseCase } from './usecases/apply-health-change/apply-health-change.usecase';
import { ApplyValidationProgressUseCase } from './usecases/apply-validation-progress/apply-validation-progress.usecase';
import { ApplyValidationResultUseCase } from './usecases/apply-validation-result/apply-validation-result.usecase';
import { CreateModelUseCase } from './usecases/create-model/create-model.usecase';
import { DeleteModelUseCase } from './usecases/delete-model/delete-model.usecase';
import { GetModelUseCase } from './usecases/get-model/get-model.usecase';
import { ListModelsUseCase } from './usecases/list-models/list-models.usecase';
import { RequestModelValidationUseCase } from './usecases/request-model-validation/request-model-validation.usecase';
import { RequestStuckValidationsUseCase } from './usecases/request-stuck-validations/request-stuck-validations.usecase';
import { RotateModelApiKeyUseCase } from './usecases/rotate-model-api-key/rotate-model-api-key.usecase';
import { UpdateModelUseCase } from './usecases/update-model/update-model.usecase';
import { ValidationSweeper } from './validation-sweeper.worker';

const USE_CASES = [
  CreateModelUseCase,
  UpdateModelUseCase,
  RotateModelApiKeyUseCase,
  RequestModelValidationUseCase,
  DeleteModelUseCase,
  GetModelUseCase,
  ListModelsUseCase,
  ApplyValidationResultUseCase,
  ApplyValidationProgressUseCase,
  ApplyHealthChangeUseCase,
  RequestStuckValidationsUseCase,
];

@Module({
  imports: [TypeOrmModule.forFeature([ModelEntity]), CatalogueModule],
  controllers: [ModelsController],
  providers: [ModelRepository, ModelUpdater, ModelStatusWaiter, OutboundBaseUrlConstraint, ValidationSweeper, ...USE_CASES],
  exports: [ModelRepository, ApplyValidationResultUseCase, ApplyValidationProgressUseCase, ApplyHealthChangeUseCase, OutboundBaseUrlConstraint],
})
export class ModelsModule {}
