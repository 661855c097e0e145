import { Module } from '@nestjs/common';
import { ModelEventsConsumer } from './model-events.consumer';
import { EnqueueValidationUseCase } from './usecases/enqueue-validation/enqueue-validation.usecase';
import { ValidateModelUseCase } from './usecases/validate-model/validate-model.usecase';
import { ValidationWorker } from './validation.worker';

const USE_CASES = [EnqueueValidationUseCase, ValidateModelUseCase];

/** Model events from Kafka → one BullMQ job per revision → probes → ModelValidated. */
@Module({
  providers: [...USE_CASES, ModelEventsConsumer, ValidationWorker],
})
export class ValidationModule {}
