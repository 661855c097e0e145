import { Global, Module } from '@nestjs/common';
import { MetricsService } from './metrics.service';

@Global()
/** The metrics registry; `/metrics` is served by the internal listener (see createHttpApp), never on a public port. */
@Module({ providers: [MetricsService], exports: [MetricsService] })
export class MetricsModule {}
