import { status as GrpcStatus } from '@grpc/grpc-js';
import { Injectable } from '@nestjs/common';
import { type HealthCheckJobData, healthCheckJobId, JOB_NAMES } from '@model-garden/contracts';
import { RegistryClient, RegistryUnavailableError } from '../../../infrastructure/registry.client';
import { ValidationQueues } from '../../../infrastructure/validation-queues';
import { type SweepModelsInServiceCommand } from './sweep-models-in-service.command';

export type SweepResult = { kind: 'scheduled'; models: number } | { kind: 'unsupported'; reason: string };

/** Lists the models in service and schedules one cheap re-check each, spread over the interval. */
@Injectable()
export class SweepModelsInServiceUseCase {
  constructor(
    private readonly registry: RegistryClient,
    private readonly queues: ValidationQueues,
  ) {}

  async execute(command: SweepModelsInServiceCommand, random: () => number = Math.random): Promise<SweepResult> {
    let models = 0;
    try {
      for await (const page of this.registry.listActiveModels()) {
        await this.queues.health.addBulk(
          page.map((model) => ({
            name: JOB_NAMES.healthCheck,
            data: { modelId: model.id, workspaceId: model.workspaceId, revision: model.revision, status: model.status } satisfies HealthCheckJobData,
            opts: { jobId: healthCheckJobId(model.id, command.sweepStartedAtMs), delay: Math.floor(random() * command.spreadMs) },
          })),
        );
        models += page.length;
      }
    } catch (error) {
      if (error instanceof RegistryUnavailableError && error.grpcCode === GrpcStatus.UNIMPLEMENTED) {
        return { kind: 'unsupported', reason: 'the registry does not implement ListActiveModels' };
      }
      throw error;
    }
    return { kind: 'scheduled', models };
  }
}
