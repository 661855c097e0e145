import { Module } from '@nestjs/common';
import { BudgetsModule } from '../budgets/budgets.module';
import { ExperimentsModule } from '../experiments/experiments.module';
import { ModelsModule } from '../models/models.module';
import { UsageModule } from '../usage/usage.module';
import { RegistryEventsConsumer } from './registry-events.consumer';

/** The registry's Kafka consumer (validation, health and usage events; usage also feeds the budgets' ledger). */
@Module({ imports: [ModelsModule, UsageModule, ExperimentsModule, BudgetsModule], providers: [RegistryEventsConsumer] })
export class EventsModule {}
