import { Module } from '@nestjs/common';
import { CellEvaluator } from '../evaluation/cell-evaluator';
import { CellWorker } from './cell.worker';
import { RunEventsConsumer } from './run-events.consumer';
import { CancelRunCellsUseCase } from './usecases/cancel-run-cells/cancel-run-cells.usecase';
import { EnqueueRunCellsUseCase } from './usecases/enqueue-run-cells/enqueue-run-cells.usecase';
import { RunCellUseCase } from './usecases/run-cell/run-cell.usecase';

const USE_CASES = [EnqueueRunCellsUseCase, RunCellUseCase, CancelRunCellsUseCase];

@Module({
  providers: [CellEvaluator, RunEventsConsumer, CellWorker, ...USE_CASES],
})
export class RunsModule {}
