import { Module } from '@nestjs/common';
import { HealthChecksWorker } from './health-checks.worker';
import { CheckModelHealthUseCase } from './usecases/check-model-health/check-model-health.usecase';
import { SweepModelsInServiceUseCase } from './usecases/sweep-models-in-service/sweep-models-in-service.usecase';

const USE_CASES = [SweepModelsInServiceUseCase, CheckModelHealthUseCase];

/** Periodic cheap re-checks of models in service → ModelHealthChanged. */
@Module({
  providers: [...USE_CASES, HealthChecksWorker],
})
export class HealthChecksModule {}
