import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { DatasetsModule } from '../datasets/datasets.module';
import { DeploymentsModule } from '../deployments/deployments.module';
import { EvaluatorsModule } from '../evaluators/evaluators.module';
import { CellEntity } from './cell.entity';
import { ExperimentEntity } from './experiment.entity';
import { CellRepository } from './cell.repository';
import { ExperimentRepository } from './experiment.repository';
import { RunRepository } from './run.repository';
import { ExperimentRules } from './experiment-rules.service';
import { ExperimentsController } from './experiments.controller';
import { RunCredentials } from './run-credentials.service';
import { RunEntity } from './run.entity';
import { RunFinisher } from './run-finisher.service';
import { RunSweeper } from './run-sweeper.worker';
import { ApplyCellResultUseCase } from './usecases/apply-cell-result/apply-cell-result.usecase';
import { CancelRunUseCase } from './usecases/cancel-run/cancel-run.usecase';
import { CompareRunsUseCase } from './usecases/compare-runs/compare-runs.usecase';
import { CreateExperimentUseCase } from './usecases/create-experiment/create-experiment.usecase';
import { DeleteExperimentUseCase } from './usecases/delete-experiment/delete-experiment.usecase';
import { ExportRunUseCase } from './usecases/export-run/export-run.usecase';
import { GetExperimentUseCase } from './usecases/get-experiment/get-experiment.usecase';
import { GetRunUseCase } from './usecases/get-run/get-run.usecase';
import { GetRunCredentialUseCase } from './usecases/get-run-credential/get-run-credential.usecase';
import { GetRunPlanUseCase } from './usecases/get-run-plan/get-run-plan.usecase';
import { ListCellsUseCase } from './usecases/list-cells/list-cells.usecase';
import { ListExperimentsUseCase } from './usecases/list-experiments/list-experiments.usecase';
import { ListRunCellsUseCase } from './usecases/list-run-cells/list-run-cells.usecase';
import { ListRunsUseCase } from './usecases/list-runs/list-runs.usecase';
import { RequestStuckRunsUseCase } from './usecases/request-stuck-runs/request-stuck-runs.usecase';
import { RerunCellsUseCase } from './usecases/rerun-cells/rerun-cells.usecase';
import { StartRunUseCase } from './usecases/start-run/start-run.usecase';
import { UpdateExperimentUseCase } from './usecases/update-experiment/update-experiment.usecase';

/** Used by the Kafka consumer (ApplyCellResult) and the gRPC controller (the worker's three methods). */
const PLATFORM_USE_CASES = [ApplyCellResultUseCase, GetRunPlanUseCase, ListRunCellsUseCase, GetRunCredentialUseCase];

const USE_CASES = [
  CreateExperimentUseCase,
  ListExperimentsUseCase,
  GetExperimentUseCase,
  UpdateExperimentUseCase,
  DeleteExperimentUseCase,
  StartRunUseCase,
  ListRunsUseCase,
  GetRunUseCase,
  ListCellsUseCase,
  CancelRunUseCase,
  RerunCellsUseCase,
  CompareRunsUseCase,
  ExportRunUseCase,
  RequestStuckRunsUseCase,
  ...PLATFORM_USE_CASES,
];

@Module({
  imports: [TypeOrmModule.forFeature([ExperimentEntity, RunEntity, CellEntity]), DatasetsModule, EvaluatorsModule, ApiKeysModule, DeploymentsModule],
  controllers: [ExperimentsController],
  providers: [ExperimentRepository, RunRepository, CellRepository, ExperimentRules, RunCredentials, RunFinisher, RunSweeper, ...USE_CASES],
  exports: PLATFORM_USE_CASES,
})
export class ExperimentsModule {}
