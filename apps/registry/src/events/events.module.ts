import { Module } from '@nestjs/common';
import { ExperimentsModule } from '../experiments/experiments.module';
import { ModelsModule } from '../models/models.module';
import { UsageModule } from '../usage/usage.module';
import { RegistryEventsConsumer } from './registry-events.consumer';

/** The registry's Kafka consumer (validation, health and usage events). */
@Module({ imports: [ModelsModule, UsageModule, ExperimentsModule], providers: [RegistryEventsConsumer] })
export class EventsModule {}
