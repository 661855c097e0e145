import { Module } from '@nestjs/common';
import { BudgetsModule } from '../budgets/budgets.module';
import { ResponseCacheController } from './response-cache.controller';
import { GetCacheSummaryUseCase } from './usecases/get-cache-summary/get-cache-summary.usecase';

/** The registry's view of the gateway's exact-match cache: hits and savings, from the budgets' ledger. */
@Module({ imports: [BudgetsModule], controllers: [ResponseCacheController], providers: [GetCacheSummaryUseCase] })
export class ResponseCacheModule {}
