import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type BudgetListPage, type BudgetThresholdEventPage, type BudgetView } from '@model-garden/contracts';
import { type AuthContext } from '../auth/auth-context';
import { CurrentAuth, RequireScope } from '../auth/scopes.decorator';
import { ErrorResponseDto } from '../shared/dtos/error-response.dto';
import { BudgetListResponseDto, BudgetResponseDto, BudgetThresholdEventListResponseDto, CreateBudgetDto, UpdateBudgetDto } from './dtos/budget.dto';
import { CreateBudgetCommand } from './usecases/create-budget/create-budget.command';
import { CreateBudgetUseCase } from './usecases/create-budget/create-budget.usecase';
import { DeleteBudgetCommand } from './usecases/delete-budget/delete-budget.command';
import { DeleteBudgetUseCase } from './usecases/delete-budget/delete-budget.usecase';
import { GetBudgetCommand } from './usecases/get-budget/get-budget.command';
import { GetBudgetUseCase } from './usecases/get-budget/get-budget.usecase';
import { ListBudgetAlertsCommand } from './usecases/list-budget-alerts/list-budget-alerts.command';
import { ListBudgetAlertsUseCase } from './usecases/list-budget-alerts/list-budget-alerts.usecase';
import { ListBudgetsCommand } from './usecases/list-budgets/list-budgets.command';
import { ListBudgetsUseCase } from './usecases/list-budgets/list-budgets.usecase';
import { ResetBudgetCommand } from './usecases/reset-budget/reset-budget.command';
import { ResetBudgetUseCase } from './usecases/reset-budget/reset-budget.usecase';
import { UpdateBudgetCommand } from './usecases/update-budget/update-budget.command';
import { UpdateBudgetUseCase } from './usecases/update-budget/update-budget.usecase';

const NOT_FOUND = "No such budget in this workspace (another workspace's answers the same)";
const ENFORCEMENT =
  'The gateway refuses a call with 429 `budget_exceeded` (naming the budget and when it resets) once any applicable budget is used up; it reserves an estimate before the upstream call and charges the actual cost and tokens after, so under concurrency a budget is overshot by at most what is in flight.';

@ApiTags('budgets')
@Controller('v1/budgets')
export class BudgetsController {
  constructor(
    private readonly createBudget: CreateBudgetUseCase,
    private readonly listBudgets: ListBudgetsUseCase,
    private readonly getBudget: GetBudgetUseCase,
    private readonly updateBudget: UpdateBudgetUseCase,
    private readonly deleteBudget: DeleteBudgetUseCase,
    private readonly resetBudget: ResetBudgetUseCase,
    private readonly listAlerts: ListBudgetAlertsUseCase,
  ) {}

  @Post()
  @RequireScope('budgets:write')
  @ApiOperation({ summary: 'Create a budget', description: `Limits (USD amount, tokens, requests per minute; any combination) on the workspace, one API key, one model or one deployment, per UTC day, ISO week, month, or once. ${ENFORCEMENT}` })
  @ApiCreatedResponse({ type: BudgetResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Every bad field named, e.g. limits or scope.targetId' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The workspace holds the most budgets it may' })
  create(@CurrentAuth() auth: AuthContext, @Body() body: CreateBudgetDto): Promise<BudgetView> {
    return this.createBudget.execute(CreateBudgetCommand.create({ auth, input: body }));
  }

  @Get()
  @RequireScope('budgets:read')
  @ApiOperation({ summary: 'List budgets', description: 'Newest first, each with its consumption in the current period.' })
  @ApiOkResponse({ type: BudgetListResponseDto })
  list(@CurrentAuth() auth: AuthContext): Promise<BudgetListPage> {
    return this.listBudgets.execute(ListBudgetsCommand.create({ auth }));
  }

  @Get('alerts')
  @RequireScope('budgets:read')
  @ApiOperation({ summary: 'List threshold events', description: 'The latest BudgetThresholdReached events of the workspace (once per budget, period, limit and threshold), newest first.' })
  @ApiOkResponse({ type: BudgetThresholdEventListResponseDto })
  alerts(@CurrentAuth() auth: AuthContext): Promise<BudgetThresholdEventPage> {
    return this.listAlerts.execute(ListBudgetAlertsCommand.create({ auth }));
  }

  @Get(':id')
  @RequireScope('budgets:read')
  @ApiOperation({ summary: 'Get a budget', description: 'With its consumption in the current period (amount, tokens, requests) and when it resets.' })
  @ApiOkResponse({ type: BudgetResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  get(@CurrentAuth() auth: AuthContext, @Param('id') id: string): Promise<BudgetView> {
    return this.getBudget.execute(GetBudgetCommand.create({ auth, id }));
  }

  @Patch(':id')
  @RequireScope('budgets:write')
  @ApiOperation({ summary: 'Change a budget', description: 'Name, period, limits, alerts, active, expiresAt; the scope cannot change. Gateways apply it within a second.' })
  @ApiOkResponse({ type: BudgetResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  update(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @Body() body: UpdateBudgetDto): Promise<BudgetView> {
    return this.updateBudget.execute(UpdateBudgetCommand.create({ auth, id, input: body }));
  }

  @Post(':id/reset')
  @RequireScope('budgets:write')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reset a budget', description: 'Its consumption counts from now on until the period ends; the gateways start new counters.' })
  @ApiOkResponse({ type: BudgetResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  reset(@CurrentAuth() auth: AuthContext, @Param('id') id: string): Promise<BudgetView> {
    return this.resetBudget.execute(ResetBudgetCommand.create({ auth, id }));
  }

  @Delete(':id')
  @RequireScope('budgets:write')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a budget' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  async remove(@CurrentAuth() auth: AuthContext, @Param('id') id: string): Promise<void> {
    await this.deleteBudget.execute(DeleteBudgetCommand.create({ auth, id }));
  }
}
