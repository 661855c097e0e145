import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsageController } from './usage.controller';
import { UsageRecordEntity } from './usage-record.entity';
import { UsageRepository } from './usage.repository';
import { GetUsageReportUseCase } from './usecases/get-usage-report/get-usage-report.usecase';
import { RecordUsageUseCase } from './usecases/record-usage/record-usage.usecase';

const USE_CASES = [RecordUsageUseCase, GetUsageReportUseCase];

@Module({
  imports: [TypeOrmModule.forFeature([UsageRecordEntity])],
  controllers: [UsageController],
  providers: [UsageRepository, ...USE_CASES],
  exports: [RecordUsageUseCase],
})
export class UsageModule {}
