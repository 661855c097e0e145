import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { DeploymentsModule } from '../deployments/deployments.module';
import { ModelsModule } from '../models/models.module';
import { BudgetAlertEntity } from './budget-alert.entity';
import { BudgetAlertRepository } from './budget-alert.repository';
import { BudgetClock } from './budget-clock.service';
import { BudgetEntity } from './budget.entity';
import { BudgetLedgerEntryEntity } from './budget-ledger-entry.entity';
import { BudgetLedgerRepository } from './budget-ledger.repository';
import { BudgetRepository } from './budget.repository';
import { BudgetScopeTargets } from './budget-scope-targets.service';
import { BudgetViews } from './budget-views.service';
import { BudgetsController } from './budgets.controller';
import { ChargeBudgetsUseCase } from './usecases/charge-budgets/charge-budgets.usecase';
import { CreateBudgetUseCase } from './usecases/create-budget/create-budget.usecase';
import { DeleteBudgetUseCase } from './usecases/delete-budget/delete-budget.usecase';
import { GetBudgetConsumptionUseCase } from './usecases/get-budget-consumption/get-budget-consumption.usecase';
import { GetBudgetUseCase } from './usecases/get-budget/get-budget.usecase';
import { ListBudgetAlertsUseCase } from './usecases/list-budget-alerts/list-budget-alerts.usecase';
import { ListBudgetsUseCase } from './usecases/list-budgets/list-budgets.usecase';
import { ListEnforcedBudgetsUseCase } from './usecases/list-enforced-budgets/list-enforced-budgets.usecase';
import { ResetBudgetUseCase } from './usecases/reset-budget/reset-budget.usecase';
import { UpdateBudgetUseCase } from './usecases/update-budget/update-budget.usecase';

const USE_CASES = [
  CreateBudgetUseCase,
  ListBudgetsUseCase,
  GetBudgetUseCase,
  UpdateBudgetUseCase,
  DeleteBudgetUseCase,
  ResetBudgetUseCase,
  ListBudgetAlertsUseCase,
  ChargeBudgetsUseCase,
  ListEnforcedBudgetsUseCase,
  GetBudgetConsumptionUseCase,
];

/** Budgets: REST for people, gRPC for the gateway (enforced budgets, ledger totals), the ledger fed by usage events. */
@Module({
  imports: [TypeOrmModule.forFeature([BudgetEntity, BudgetLedgerEntryEntity, BudgetAlertEntity]), ApiKeysModule, ModelsModule, DeploymentsModule],
  controllers: [BudgetsController],
  providers: [BudgetRepository, BudgetLedgerRepository, BudgetAlertRepository, BudgetClock, BudgetViews, BudgetScopeTargets, ...USE_CASES],
  exports: [BudgetLedgerRepository, BudgetClock, ChargeBudgetsUseCase, ListEnforcedBudgetsUseCase, GetBudgetConsumptionUseCase],
})
export class BudgetsModule {}
