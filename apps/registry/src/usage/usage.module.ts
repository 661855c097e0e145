import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsageController } from './usage.controller';
import { UsageRecordEntity } from './usage-record.entity';
import { UsageStorageWorker } from './usage-storage.worker';
import { UsageRepository } from './usage.repository';
import { GetUsageReportUseCase } from './usecases/get-usage-report/get-usage-report.usecase';
import { ListUsageRequestsUseCase } from './usecases/list-usage-requests/list-usage-requests.usecase';
import { MaintainUsageStorageUseCase } from './usecases/maintain-usage-storage/maintain-usage-storage.usecase';
import { RecordUsageUseCase } from './usecases/record-usage/record-usage.usecase';

const USE_CASES = [RecordUsageUseCase, GetUsageReportUseCase, ListUsageRequestsUseCase, MaintainUsageStorageUseCase];

@Module({
  imports: [TypeOrmModule.forFeature([UsageRecordEntity])],
  controllers: [UsageController],
  providers: [UsageRepository, UsageStorageWorker, ...USE_CASES],
  exports: [RecordUsageUseCase],
})
export class UsageModule {}
