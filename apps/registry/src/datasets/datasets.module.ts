import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatapointEntity } from './datapoint.entity';
import { DatasetEntity } from './dataset.entity';
import { DatapointRepository } from './datapoint.repository';
import { DatasetRepository } from './dataset.repository';
import { DatasetsController } from './datasets.controller';
import { AddDatapointsUseCase } from './usecases/add-datapoints/add-datapoints.usecase';
import { CreateDatasetUseCase } from './usecases/create-dataset/create-dataset.usecase';
import { DeleteDatapointUseCase } from './usecases/delete-datapoint/delete-datapoint.usecase';
import { DeleteDatasetUseCase } from './usecases/delete-dataset/delete-dataset.usecase';
import { ExportDatasetUseCase } from './usecases/export-dataset/export-dataset.usecase';
import { GetDatasetUseCase } from './usecases/get-dataset/get-dataset.usecase';
import { ImportDatasetUseCase } from './usecases/import-dataset/import-dataset.usecase';
import { ListDatapointsUseCase } from './usecases/list-datapoints/list-datapoints.usecase';
import { ListDatasetsUseCase } from './usecases/list-datasets/list-datasets.usecase';
import { ReplaceDatapointUseCase } from './usecases/replace-datapoint/replace-datapoint.usecase';
import { UpdateDatasetUseCase } from './usecases/update-dataset/update-dataset.usecase';
import { ExperimentEntity } from '../experiments/experiment.entity';
import { ExperimentRepository } from '../experiments/experiment.repository';

const USE_CASES = [
  CreateDatasetUseCase,
  ListDatasetsUseCase,
  GetDatasetUseCase,
  UpdateDatasetUseCase,
  DeleteDatasetUseCase,
  ListDatapointsUseCase,
  AddDatapointsUseCase,
  ReplaceDatapointUseCase,
  DeleteDatapointUseCase,
  ImportDatasetUseCase,
  ExportDatasetUseCase,
];

/** ExperimentRepository answers whether an experiment still uses a dataset or an evaluator (deletes are refused then). */
@Module({
  imports: [TypeOrmModule.forFeature([DatasetEntity, DatapointEntity, ExperimentEntity])],
  controllers: [DatasetsController],
  providers: [ExperimentRepository, DatasetRepository, DatapointRepository, ...USE_CASES],
  exports: [DatasetRepository, DatapointRepository],
})
export class DatasetsModule {}
