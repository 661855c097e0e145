import { type DynamicModule, Module } from '@nestjs/common';
import { type AppLogger, HealthModule, LOGGER, MetricsModule, MetricsService, ServiceConnections, serviceConnectionsProvider } from '@model-garden/platform';
import { ValidatorConfig } from './config/validator.config';
import { HealthChecksModule } from './health-checks/health-checks.module';
import { ModelProber } from './infrastructure/model-prober';
import { ProbeNetworkProvider } from './infrastructure/probe-network.provider';
import { RegistryClient } from './infrastructure/registry.client';
import { ValidationEventsPublisher } from './infrastructure/validation-events.publisher';
import { ValidationQueues } from './infrastructure/validation-queues';
import { ValidatorMetrics } from './metrics/validator.metrics';
import { ValidationModule } from './validation/validation.module';

const INFRASTRUCTURE = [ServiceConnections, ProbeNetworkProvider, ModelProber, RegistryClient, ValidationEventsPublisher, ValidationQueues, ValidatorMetrics];

@Module({})
export class AppModule {
  static forRoot(config: ValidatorConfig, logger: AppLogger): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [HealthModule, MetricsModule, ValidationModule, HealthChecksModule],
      providers: [
        { provide: ValidatorConfig, useValue: config },
        { provide: LOGGER, useValue: logger },
        serviceConnectionsProvider('model-garden-validator', config, config.VALIDATOR_SERVICE_TOKEN, logger),
        { provide: ProbeNetworkProvider, useFactory: () => new ProbeNetworkProvider(config, logger) },
        { provide: ModelProber, inject: [ProbeNetworkProvider], useFactory: (network: ProbeNetworkProvider) => new ModelProber(network.network, config) },
        RegistryClient,
        ValidationEventsPublisher,
        ValidationQueues,
        {
          provide: ValidatorMetrics,
          inject: [MetricsService, ValidationQueues],
          useFactory: (metrics: MetricsService, queues: ValidationQueues) => new ValidatorMetrics(metrics, [queues.validation, queues.health]),
        },
      ],
      exports: [ValidatorConfig, LOGGER, ...INFRASTRUCTURE],
    };
  }
}
