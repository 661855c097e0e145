import { Controller, UseFilters, UseGuards } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import {
  type AuthenticateApiKeyResponse,
  type ListActiveModelsResponse,
  type ListDeploymentsResponse,
  type ListModelsResponse,
  REGISTRY_GRPC_SERVICE,
  type ResolvedDeployment,
  type ResolvedModel,
} from '@model-garden/contracts';
import { ListGatewayDeploymentsCommand } from '../deployments/usecases/list-gateway-deployments/list-gateway-deployments.command';
import { ListGatewayDeploymentsUseCase } from '../deployments/usecases/list-gateway-deployments/list-gateway-deployments.usecase';
import { ResolveDeploymentCommand } from '../deployments/usecases/resolve-deployment/resolve-deployment.command';
import { ResolveDeploymentUseCase } from '../deployments/usecases/resolve-deployment/resolve-deployment.usecase';
import { AuthenticateApiKeyUseCase } from '../auth/usecases/authenticate-api-key/authenticate-api-key.usecase';
import { RegistryException } from '../shared/registry.exception';
import { GrpcExceptionFilter } from './grpc-exception.filter';
import { AuthenticateApiKeyRequestCommand, GetModelForValidationCommand, ListActiveModelsCommand, ListWorkspaceModelsCommand, ResolveModelCommand } from './grpc-commands';
import { ServiceTokenGuard } from './service-token.guard';
import { GetModelForValidationUseCase } from './usecases/get-model-for-validation/get-model-for-validation.usecase';
import { ListActiveModelsUseCase } from './usecases/list-active-models/list-active-models.usecase';
import { ListWorkspaceModelsUseCase } from './usecases/list-workspace-models/list-workspace-models.usecase';
import { ResolveModelUseCase } from './usecases/resolve-model/resolve-model.usecase';

/** The internal API for platform services (registry.proto). Each rpc builds a validated command and runs one use case. */
@Controller()
@UseGuards(ServiceTokenGuard)
@UseFilters(GrpcExceptionFilter)
export class RegistryGrpcController {
  constructor(
    private readonly authenticate: AuthenticateApiKeyUseCase,
    private readonly resolveModel: ResolveModelUseCase,
    private readonly getModelForValidation: GetModelForValidationUseCase,
    private readonly listWorkspaceModels: ListWorkspaceModelsUseCase,
    private readonly listActiveModels: ListActiveModelsUseCase,
    private readonly resolveDeployment: ResolveDeploymentUseCase,
    private readonly listGatewayDeployments: ListGatewayDeploymentsUseCase,
  ) {}

  @GrpcMethod(REGISTRY_GRPC_SERVICE, 'AuthenticateApiKey')
  async authenticateApiKey(request: unknown): Promise<AuthenticateApiKeyResponse> {
    const command = AuthenticateApiKeyRequestCommand.create(request);
    const auth = await this.authenticate.execute({ key: command.apiKey });
    if (!auth) throw RegistryException.notFound('API key (or it is revoked or expired)');
    return {
      apiKeyId: auth.apiKeyId,
      workspaceId: auth.workspaceId,
      workspaceSlug: auth.workspaceSlug,
      scopes: auth.scopes,
      expiresAtMs: auth.expiresAt ? new Date(auth.expiresAt).getTime() : 0,
      rateLimitPerMinute: 0,
      prefix: auth.prefix,
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

  @GrpcMethod(REGISTRY_GRPC_SERVICE, 'ResolveDeployment')
  deployment(request: unknown): Promise<ResolvedDeployment> {
    return this.resolveDeployment.execute(ResolveDeploymentCommand.create(request));
  }

  @GrpcMethod(REGISTRY_GRPC_SERVICE, 'ListDeployments')
  deployments(request: unknown): Promise<ListDeploymentsResponse> {
    return this.listGatewayDeployments.execute(ListGatewayDeploymentsCommand.create(request));
  }
}
