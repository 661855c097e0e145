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
import { ExperimentEntity } from '../experiments/experiment.entity';
import { ExperimentRepository } from '../experiments/experiment.repository';

const USE_CASES = [CreateEvaluatorUseCase, ListEvaluatorsUseCase, GetEvaluatorUseCase, UpdateEvaluatorUseCase, DeleteEvaluatorUseCase];

/** ExperimentRepository answers whether an experiment still uses a dataset or an evaluator (deletes are refused then). */
@Module({
  imports: [TypeOrmModule.forFeature([EvaluatorEntity, ExperimentEntity]), ModelsModule, CatalogueModule],
  controllers: [EvaluatorsController],
  providers: [ExperimentRepository, EvaluatorRepository, WorkspaceModels, ...USE_CASES],
  exports: [EvaluatorRepository, WorkspaceModels],
})
export class EvaluatorsModule {}
