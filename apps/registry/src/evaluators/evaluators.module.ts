import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { WorkspaceModels } from '../experiments/workspace-models.service';
import { ModelsModule } from '../models/models.module';
import { EvaluatorEntity } from './evaluator.entity';
import { EvaluatorRepository } from './evaluator.repository';
import { EvaluatorsController } from './evaluators.controller';
import { CreateEvaluatorUseCase } from './usecases/create-evaluator/create-evaluator.usecase';
import { DeleteEvaluatorUseCase } from './usecases/delete-evaluator/delete-evaluator.usecase';
import { GetEvaluatorUseCase } from './usecases/get-evaluator/get-evaluator.usecase';
import { ListEvaluatorsUseCase } from './usecases/list-evaluators/list-evaluators.usecase';
import { UpdateEvaluatorUseCase } from './usecases/update-evaluator/update-evaluator.usecase';

const USE_CASES = [CreateEvaluatorUseCase, ListEvaluatorsUseCase, GetEvaluatorUseCase, UpdateEvaluatorUseCase, DeleteEvaluatorUseCase];

@Module({
  imports: [TypeOrmModule.forFeature([EvaluatorEntity]), ModelsModule, CatalogueModule],
  controllers: [EvaluatorsController],
  providers: [EvaluatorRepository, WorkspaceModels, ...USE_CASES],
  exports: [EvaluatorRepository, WorkspaceModels],
})
export class EvaluatorsModule {}
