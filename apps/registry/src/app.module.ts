import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { type AppLogger, HealthModule, LOGGER, MetricsModule, SecretCipher } from '@model-garden/platform';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuthModule } from './auth/auth.module';
import { BudgetsModule } from './budgets/budgets.module';
import { CatalogueModule } from './catalogue/catalogue.module';
import { RegistryConfig } from './config/registry.config';
import { dataSourceOptions } from './database/data-source';
import { DatasetsModule } from './datasets/datasets.module';
import { EvaluatorsModule } from './evaluators/evaluators.module';
import { EventsModule } from './events/events.module';
import { ExperimentsModule } from './experiments/experiments.module';
import { GrpcModule } from './grpc/grpc.module';
import { DeploymentsModule } from './deployments/deployments.module';
import { DatabaseHealth } from './infrastructure/database.provider';
import { RegistryKafka } from './infrastructure/kafka.provider';
import { OutboundPolicy } from './infrastructure/outbound-policy.service';
import { PgNotifications } from './infrastructure/pg-notifications.service';
import { ResponseCacheModule } from './response-cache/response-cache.module';
import { RegistryRedis } from './infrastructure/redis.provider';
import { ModelsModule } from './models/models.module';
import { OutboxModule } from './outbox/outbox.module';
import { UsageModule } from './usage/usage.module';
import { WorkspacesModule } from './workspaces/workspaces.module';

/** The registry: shared infrastructure here (global), one module per feature. */
@Module({})
export class AppModule {
  static forRoot(config: RegistryConfig, logger: AppLogger): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        HealthModule,
        MetricsModule,
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.DATABASE_URL, config.DATABASE_SCHEMA), retryAttempts: 3 }),
        AuthModule,
        OutboxModule,
        WorkspacesModule,
        ApiKeysModule,
        ModelsModule,
        DeploymentsModule,
        CatalogueModule,
        UsageModule,
        DatasetsModule,
        EvaluatorsModule,
        ExperimentsModule,
        BudgetsModule,
        ResponseCacheModule,
        EventsModule,
        GrpcModule,
      ],
      providers: [
        { provide: RegistryConfig, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: SecretCipher, useFactory: () => SecretCipher.fromEnv(config.ENCRYPTION_KEYS, config.ENCRYPTION_ACTIVE_KEY_ID) },
        DatabaseHealth,
        RegistryKafka,
        PgNotifications,
        OutboundPolicy,
        RegistryRedis,
      ],
      exports: [RegistryConfig, LOGGER, SecretCipher, RegistryKafka, PgNotifications, OutboundPolicy, RegistryRedis],
    };
  }
}
