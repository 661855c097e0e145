import { Controller, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import { TracingInterceptor } from '@model-garden/platform';
import { GrpcMethod } from '@nestjs/microservices';
import {
  type AuthenticateApiKeyResponse,
  type BudgetConsumptionTotals,
  type ExperimentRunCredential,
  type ExperimentRunPlan,
  type ListExperimentRunCellsResponse,
  type ListActiveModelsResponse,
  type ListDeploymentsResponse,
  type ListModelsResponse,
  type ListWorkspaceBudgetsResponse,
  REGISTRY_GRPC_SERVICE,
  type ResolvedDeployment,
  type ResolvedModel,
} from '@model-garden/contracts';
import { ListGatewayDeploymentsCommand } from '../deployments/usecases/list-gateway-deployments/list-gateway-deployments.command';
import { ListGatewayDeploymentsUseCase } from '../deployments/usecases/list-gateway-deployments/list-gateway-deployments.usecase';
import { ResolveDeploymentCommand } from '../deployments/usecases/resolve-deployment/resolve-deployment.command';
import { ResolveDeploymentUseCase } from '../deployments/usecases/resolve-deployment/resolve-deployment.usecase';
import { GetBudgetConsumptionCommand } from '../budgets/usecases/get-budget-consumption/get-budget-consumption.command';
import { GetBudgetConsumptionUseCase } from '../budgets/usecases/get-budget-consumption/get-budget-consumption.usecase';
import { ListEnforcedBudgetsCommand } from '../budgets/usecases/list-enforced-budgets/list-enforced-budgets.command';
import { ListEnforcedBudgetsUseCase } from '../budgets/usecases/list-enforced-budgets/list-enforced-budgets.usecase';
import { AuthenticateApiKeyUseCase } from '../auth/usecases/authenticate-api-key/authenticate-api-key.usecase';
import { GetRunCredentialCommand } from '../experiments/usecases/get-run-credential/get-run-credential.command';
import { GetRunCredentialUseCase } from '../experiments/usecases/get-run-credential/get-run-credential.usecase';
import { GetRunPlanCommand } from '../experiments/usecases/get-run-plan/get-run-plan.command';
import { GetRunPlanUseCase } from '../experiments/usecases/get-run-plan/get-run-plan.usecase';
import { ListRunCellsCommand } from '../experiments/usecases/list-run-cells/list-run-cells.command';
import { ListRunCellsUseCase } from '../experiments/usecases/list-run-cells/list-run-cells.usecase';
import { RegistryException } from '../shared/registry.exception';
import { GrpcExceptionFilter } from './grpc-exception.filter';
import { AuthenticateApiKeyCommand } from '../auth/usecases/authenticate-api-key/authenticate-api-key.command';
import { GetModelForValidationCommand } from './usecases/get-model-for-validation/get-model-for-validation.command';
import { ListActiveModelsCommand } from './usecases/list-active-models/list-active-models.command';
import { ListWorkspaceModelsCommand } from './usecases/list-workspace-models/list-workspace-models.command';
import { ResolveModelCommand } from './usecases/resolve-model/resolve-model.command';
import { ServiceTokenGuard } from './service-token.guard';
import { GetModelForValidationUseCase } from './usecases/get-model-for-validation/get-model-for-validation.usecase';
import { ListActiveModelsUseCase } from './usecases/list-active-models/list-active-models.usecase';
import { ListWorkspaceModelsUseCase } from './usecases/list-workspace-models/list-workspace-models.usecase';
import { ResolveModelUseCase } from './usecases/resolve-model/resolve-model.usecase';

/** The internal API for platform services (registry.proto). Each rpc builds a validated command and runs one use case. */
@Controller()
@UseGuards(ServiceTokenGuard)
@UseFilters(GrpcExceptionFilter)
// A server span per call, continuing the caller's trace from the gRPC metadata.
@UseInterceptors(TracingInterceptor)
export class RegistryGrpcController {
  constructor(
    private readonly authenticate: AuthenticateApiKeyUseCase,
    private readonly resolveModel: ResolveModelUseCase,
    private readonly getModelForValidation: GetModelForValidationUseCase,
    private readonly listWorkspaceModels: ListWorkspaceModelsUseCase,
    private readonly listActiveModels: ListActiveModelsUseCase,
    private readonly getRunPlan: GetRunPlanUseCase,
    private readonly listRunCells: ListRunCellsUseCase,
    private readonly getRunCredential: GetRunCredentialUseCase,
    private readonly resolveDeployment: ResolveDeploymentUseCase,
    private readonly listGatewayDeployments: ListGatewayDeploymentsUseCase,
    private readonly listEnforcedBudgets: ListEnforcedBudgetsUseCase,
    private readonly getBudgetConsumption: GetBudgetConsumptionUseCase,
  ) {}

  @GrpcMethod(REGISTRY_GRPC_SERVICE, 'AuthenticateApiKey')
  async authenticateApiKey(request: unknown): Promise<AuthenticateApiKeyResponse> {
    const auth = await this.authenticate.execute(AuthenticateApiKeyCommand.create(request));
    if (!auth) throw RegistryException.notFound('API key (or it is revoked or expired)');
    return {
      apiKeyId: auth.apiKeyId,
      workspaceId: auth.workspaceId,
      workspaceSlug: auth.workspaceSlug,
      scopes: auth.scopes,
      expiresAtMs: auth.expiresAt ? new Date(auth.expiresAt).getTime() : 0,
      rateLimitPerMinute: 0,
      prefix: auth.prefix,
      regionsRestricted: auth.allowedRegions !== null,
      allowedRegions: auth.allowedRegions ?? [],
    };
  }

  @GrpcMethod(REGISTRY_GRPC_SERVICE, 'ResolveModel')
  resolve(request: unknown): Promise<ResolvedModel> {
    return this.resolveModel.execute(ResolveModelCommand.create(request));
  }

  @GrpcMethod(REGISTRY_GRPC_SERVICE, 'GetModelForValidation')
  forValidation(request: unknown): Promise<ResolvedModel> {
    return this.getModelForValidation.execute(GetModelForValidationCommand.create(request));
  }

  @GrpcMethod(REGISTRY_GRPC_SERVICE, 'ListModels')
  list(request: unknown): Promise<ListModelsResponse> {
    return this.listWorkspaceModels.execute(ListWorkspaceModelsCommand.create(request));
  }

  @GrpcMethod(REGISTRY_GRPC_SERVICE, 'ListActiveModels')
  active(request: unknown): Promise<ListActiveModelsResponse> {
    return this.listActiveModels.execute(ListActiveModelsCommand.create(request));
  }

  /** Experiment worker: the run's snapshot. */
  @GrpcMethod(REGISTRY_GRPC_SERVICE, 'GetExperimentRun')
  experimentRun(request: unknown): Promise<ExperimentRunPlan> {
    return this.getRunPlan.execute(GetRunPlanCommand.create(request));
  }

  /** Experiment worker: the queued cells of one dispatch, with their datapoints. */
  @GrpcMethod(REGISTRY_GRPC_SERVICE, 'ListExperimentRunCells')
  experimentRunCells(request: unknown): Promise<ListExperimentRunCellsResponse> {
    return this.listRunCells.execute(ListRunCellsCommand.create(request));
  }

  /** Experiment worker: the run's gateway credential (never sent anywhere else). */
  @GrpcMethod(REGISTRY_GRPC_SERVICE, 'GetExperimentRunCredential')
  experimentRunCredential(request: unknown): Promise<ExperimentRunCredential> {
    return this.getRunCredential.execute(GetRunCredentialCommand.create(request));
  }

  @GrpcMethod(REGISTRY_GRPC_SERVICE, 'ResolveDeployment')
  deployment(request: unknown): Promise<ResolvedDeployment> {
    return this.resolveDeployment.execute(ResolveDeploymentCommand.create(request));
  }

  @GrpcMethod(REGISTRY_GRPC_SERVICE, 'ListDeployments')
  deployments(request: unknown): Promise<ListDeploymentsResponse> {
    return this.listGatewayDeployments.execute(ListGatewayDeploymentsCommand.create(request));
  }

  @GrpcMethod(REGISTRY_GRPC_SERVICE, 'ListWorkspaceBudgets')
  budgets(request: unknown): Promise<ListWorkspaceBudgetsResponse> {
    return this.listEnforcedBudgets.execute(ListEnforcedBudgetsCommand.create(request));
  }

  @GrpcMethod(REGISTRY_GRPC_SERVICE, 'GetBudgetConsumption')
  budgetConsumption(request: unknown): Promise<BudgetConsumptionTotals> {
    return this.getBudgetConsumption.execute(GetBudgetConsumptionCommand.create(request));
  }
}
