import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { type AppLogger, HealthModule, LOGGER, MetricsModule } from '@model-garden/platform';
import { RegistryConfig } from './config/registry.config';
import { dataSourceOptions } from './database/data-source';
import { DatabaseHealth } from './infrastructure/database.provider';
import { RegistryKafka } from './infrastructure/kafka.provider';

@Module({})
export class AppModule {
  static forRoot(config: RegistryConfig, logger: AppLogger): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        HealthModule,
        MetricsModule,
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.DATABASE_URL, config.DATABASE_SCHEMA), autoLoadEntities: true, retryAttempts: 3 }),
      ],
      providers: [{ provide: RegistryConfig, useValue: config }, { provide: LOGGER, useValue: logger }, DatabaseHealth, RegistryKafka],
      exports: [RegistryConfig, LOGGER, RegistryKafka],
    };
  }
}
