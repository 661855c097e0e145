import { type DynamicModule, Module } from '@nestjs/common';
import { type AppLogger, HealthModule, LOGGER, MetricsModule, MetricsService, ServiceConnections, serviceConnectionsProvider } from '@model-garden/platform';
import { ExperimentWorkerConfig } from './config/experiment-worker.config';
import { CellEventsPublisher } from './infrastructure/cell-events.publisher';
import { CellQueues } from './infrastructure/cell-queues';
import { GatewayClient } from './infrastructure/gateway.client';
import { ModelSlots } from './infrastructure/model-slots';
import { RegistryClient } from './infrastructure/registry.client';
import { RunContexts } from './infrastructure/run-contexts';
import { ExperimentWorkerMetrics } from './metrics/experiment-worker.metrics';
import { RunsModule } from './runs/runs.module';

const INFRASTRUCTURE = [ServiceConnections, RegistryClient, RunContexts, ModelSlots, GatewayClient, CellEventsPublisher, CellQueues, ExperimentWorkerMetrics];

/** The experiment worker: no database; Kafka in, BullMQ jobs, the gateway, Kafka out. */
@Module({})
export class AppModule {
  static forRoot(config: ExperimentWorkerConfig, logger: AppLogger): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [HealthModule, MetricsModule, RunsModule],
      providers: [
        { provide: ExperimentWorkerConfig, useValue: config },
        { provide: LOGGER, useValue: logger },
        serviceConnectionsProvider('model-garden-experiment-worker', config, config.EXPERIMENT_WORKER_SERVICE_TOKEN, logger),
        RegistryClient,
        RunContexts,
        ModelSlots,
        GatewayClient,
        CellEventsPublisher,
        CellQueues,
        {
          provide: ExperimentWorkerMetrics,
          inject: [MetricsService, CellQueues],
          useFactory: (metrics: MetricsService, queues: CellQueues) => new ExperimentWorkerMetrics(metrics, [queues.cells]),
        },
      ],
      exports: [ExperimentWorkerConfig, LOGGER, ...INFRASTRUCTURE],
    };
  }
}
