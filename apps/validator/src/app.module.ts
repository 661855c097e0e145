import { type DynamicModule, Module } from '@nestjs/common';
import { type AppLogger, HealthModule, HealthService, LOGGER, MetricsModule, ServiceConnections } from '@model-garden/platform';
import { ValidatorConfig } from './config/validator.config';

@Module({})
export class AppModule {
  static forRoot(config: ValidatorConfig, logger: AppLogger): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [HealthModule, MetricsModule],
      providers: [
        { provide: ValidatorConfig, useValue: config },
        { provide: LOGGER, useValue: logger },
        {
          provide: ServiceConnections,
          inject: [HealthService],
          useFactory: (health: HealthService) =>
            new ServiceConnections({
              clientId: 'model-garden-validator',
              redisUrl: config.REDIS_URL,
              kafkaBrokers: config.KAFKA_BROKERS,
              registryGrpcUrl: config.REGISTRY_GRPC_URL,
              serviceToken: config.SERVICE_TOKEN,
              logger,
              health,
            }),
        },
      ],
      exports: [ValidatorConfig, LOGGER, ServiceConnections],
    };
  }
}
