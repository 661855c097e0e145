import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HealthService } from '@model-garden/platform';
import { DataSource } from 'typeorm';

/** Reports PostgreSQL in readiness. */
@Injectable()
export class DatabaseHealth implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly health: HealthService,
  ) {}

  onModuleInit(): void {
    this.health.register('database', async () => {
      await this.dataSource.query('SELECT 1');
    });
  }
}
