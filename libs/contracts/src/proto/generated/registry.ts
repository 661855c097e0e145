import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { ActiveModel as _modelgarden_registry_v1_ActiveModel, ActiveModel__Output as _modelgarden_registry_v1_ActiveModel__Output } from './modelgarden/registry/v1/ActiveModel';
import type { AuthenticateApiKeyRequest as _modelgarden_registry_v1_AuthenticateApiKeyRequest, AuthenticateApiKeyRequest__Output as _modelgarden_registry_v1_AuthenticateApiKeyRequest__Output } from './modelgarden/registry/v1/AuthenticateApiKeyRequest';
import type { AuthenticateApiKeyResponse as _modelgarden_registry_v1_AuthenticateApiKeyResponse, AuthenticateApiKeyResponse__Output as _modelgarden_registry_v1_AuthenticateApiKeyResponse__Output } from './modelgarden/registry/v1/AuthenticateApiKeyResponse';
import type { BudgetConsumptionTotals as _modelgarden_registry_v1_BudgetConsumptionTotals, BudgetConsumptionTotals__Output as _modelgarden_registry_v1_BudgetConsumptionTotals__Output } from './modelgarden/registry/v1/BudgetConsumptionTotals';
import type { Capabilities as _modelgarden_registry_v1_Capabilities, Capabilities__Output as _modelgarden_registry_v1_Capabilities__Output } from './modelgarden/registry/v1/Capabilities';
import type { EnforcedBudget as _modelgarden_registry_v1_EnforcedBudget, EnforcedBudget__Output as _modelgarden_registry_v1_EnforcedBudget__Output } from './modelgarden/registry/v1/EnforcedBudget';
import type { ExperimentCellPlan as _modelgarden_registry_v1_ExperimentCellPlan, ExperimentCellPlan__Output as _modelgarden_registry_v1_ExperimentCellPlan__Output } from './modelgarden/registry/v1/ExperimentCellPlan';
import type { ExperimentColumnPlan as _modelgarden_registry_v1_ExperimentColumnPlan, ExperimentColumnPlan__Output as _modelgarden_registry_v1_ExperimentColumnPlan__Output } from './modelgarden/registry/v1/ExperimentColumnPlan';
import type { ExperimentEvaluatorPlan as _modelgarden_registry_v1_ExperimentEvaluatorPlan, ExperimentEvaluatorPlan__Output as _modelgarden_registry_v1_ExperimentEvaluatorPlan__Output } from './modelgarden/registry/v1/ExperimentEvaluatorPlan';
import type { ExperimentRunCredential as _modelgarden_registry_v1_ExperimentRunCredential, ExperimentRunCredential__Output as _modelgarden_registry_v1_ExperimentRunCredential__Output } from './modelgarden/registry/v1/ExperimentRunCredential';
import type { ExperimentRunPlan as _modelgarden_registry_v1_ExperimentRunPlan, ExperimentRunPlan__Output as _modelgarden_registry_v1_ExperimentRunPlan__Output } from './modelgarden/registry/v1/ExperimentRunPlan';
import type { GetBudgetConsumptionRequest as _modelgarden_registry_v1_GetBudgetConsumptionRequest, GetBudgetConsumptionRequest__Output as _modelgarden_registry_v1_GetBudgetConsumptionRequest__Output } from './modelgarden/registry/v1/GetBudgetConsumptionRequest';
import type { GetExperimentRunCredentialRequest as _modelgarden_registry_v1_GetExperimentRunCredentialRequest, GetExperimentRunCredentialRequest__Output as _modelgarden_registry_v1_GetExperimentRunCredentialRequest__Output } from './modelgarden/registry/v1/GetExperimentRunCredentialRequest';
import type { GetExperimentRunRequest as _modelgarden_registry_v1_GetExperimentRunRequest, GetExperimentRunRequest__Output as _modelgarden_registry_v1_GetExperimentRunRequest__Output } from './modelgarden/registry/v1/GetExperimentRunRequest';
import type { GetModelForValidationRequest as _modelgarden_registry_v1_GetModelForValidationRequest, GetModelForValidationRequest__Output as _modelgarden_registry_v1_GetModelForValidationRequest__Output } from './modelgarden/registry/v1/GetModelForValidationRequest';
import type { ListActiveModelsRequest as _modelgarden_registry_v1_ListActiveModelsRequest, ListActiveModelsRequest__Output as _modelgarden_registry_v1_ListActiveModelsRequest__Output } from './modelgarden/registry/v1/ListActiveModelsRequest';
import type { ListActiveModelsResponse as _modelgarden_registry_v1_ListActiveModelsResponse, ListActiveModelsResponse__Output as _modelgarden_registry_v1_ListActiveModelsResponse__Output } from './modelgarden/registry/v1/ListActiveModelsResponse';
import type { ListDeploymentsRequest as _modelgarden_registry_v1_ListDeploymentsRequest, ListDeploymentsRequest__Output as _modelgarden_registry_v1_ListDeploymentsRequest__Output } from './modelgarden/registry/v1/ListDeploymentsRequest';
import type { ListDeploymentsResponse as _modelgarden_registry_v1_ListDeploymentsResponse, ListDeploymentsResponse__Output as _modelgarden_registry_v1_ListDeploymentsResponse__Output } from './modelgarden/registry/v1/ListDeploymentsResponse';
import type { ListExperimentRunCellsRequest as _modelgarden_registry_v1_ListExperimentRunCellsRequest, ListExperimentRunCellsRequest__Output as _modelgarden_registry_v1_ListExperimentRunCellsRequest__Output } from './modelgarden/registry/v1/ListExperimentRunCellsRequest';
import type { ListExperimentRunCellsResponse as _modelgarden_registry_v1_ListExperimentRunCellsResponse, ListExperimentRunCellsResponse__Output as _modelgarden_registry_v1_ListExperimentRunCellsResponse__Output } from './modelgarden/registry/v1/ListExperimentRunCellsResponse';
import type { ListModelsRequest as _modelgarden_registry_v1_ListModelsRequest, ListModelsRequest__Output as _modelgarden_registry_v1_ListModelsRequest__Output } from './modelgarden/registry/v1/ListModelsRequest';
import type { ListModelsResponse as _modelgarden_registry_v1_ListModelsResponse, ListModelsResponse__Output as _modelgarden_registry_v1_ListModelsResponse__Output } from './modelgarden/registry/v1/ListModelsResponse';
import type { ListWorkspaceBudgetsRequest as _modelgarden_registry_v1_ListWorkspaceBudgetsRequest, ListWorkspaceBudgetsRequest__Output as _modelgarden_registry_v1_ListWorkspaceBudgetsRequest__Output } from './modelgarden/registry/v1/ListWorkspaceBudgetsRequest';
import type { ListWorkspaceBudgetsResponse as _modelgarden_registry_v1_ListWorkspaceBudgetsResponse, ListWorkspaceBudgetsResponse__Output as _modelgarden_registry_v1_ListWorkspaceBudgetsResponse__Output } from './modelgarden/registry/v1/ListWorkspaceBudgetsResponse';
import type { ModelSummary as _modelgarden_registry_v1_ModelSummary, ModelSummary__Output as _modelgarden_registry_v1_ModelSummary__Output } from './modelgarden/registry/v1/ModelSummary';
import type { Pricing as _modelgarden_registry_v1_Pricing, Pricing__Output as _modelgarden_registry_v1_Pricing__Output } from './modelgarden/registry/v1/Pricing';
import type { RegistryServiceClient as _modelgarden_registry_v1_RegistryServiceClient, RegistryServiceDefinition as _modelgarden_registry_v1_RegistryServiceDefinition } from './modelgarden/registry/v1/RegistryService';
import type { ResolveDeploymentRequest as _modelgarden_registry_v1_ResolveDeploymentRequest, ResolveDeploymentRequest__Output as _modelgarden_registry_v1_ResolveDeploymentRequest__Output } from './modelgarden/registry/v1/ResolveDeploymentRequest';
import type { ResolveModelRequest as _modelgarden_registry_v1_ResolveModelRequest, ResolveModelRequest__Output as _modelgarden_registry_v1_ResolveModelRequest__Output } from './modelgarden/registry/v1/ResolveModelRequest';
import type { ResolvedDeployment as _modelgarden_registry_v1_ResolvedDeployment, ResolvedDeployment__Output as _modelgarden_registry_v1_ResolvedDeployment__Output } from './modelgarden/registry/v1/ResolvedDeployment';
import type { ResolvedModel as _modelgarden_registry_v1_ResolvedModel, ResolvedModel__Output as _modelgarden_registry_v1_ResolvedModel__Output } from './modelgarden/registry/v1/ResolvedModel';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  modelgarden: {
    registry: {
      v1: {
        ActiveModel: MessageTypeDefinition<_modelgarden_registry_v1_ActiveModel, _modelgarden_registry_v1_ActiveModel__Output>
        AuthenticateApiKeyRequest: MessageTypeDefinition<_modelgarden_registry_v1_AuthenticateApiKeyRequest, _modelgarden_registry_v1_AuthenticateApiKeyRequest__Output>
        AuthenticateApiKeyResponse: MessageTypeDefinition<_modelgarden_registry_v1_AuthenticateApiKeyResponse, _modelgarden_registry_v1_AuthenticateApiKeyResponse__Output>
        BudgetConsumptionTotals: MessageTypeDefinition<_modelgarden_registry_v1_BudgetConsumptionTotals, _modelgarden_registry_v1_BudgetConsumptionTotals__Output>
        Capabilities: MessageTypeDefinition<_modelgarden_registry_v1_Capabilities, _modelgarden_registry_v1_Capabilities__Output>
        EnforcedBudget: MessageTypeDefinition<_modelgarden_registry_v1_EnforcedBudget, _modelgarden_registry_v1_EnforcedBudget__Output>
        ExperimentCellPlan: MessageTypeDefinition<_modelgarden_registry_v1_ExperimentCellPlan, _modelgarden_registry_v1_ExperimentCellPlan__Output>
        ExperimentColumnPlan: MessageTypeDefinition<_modelgarden_registry_v1_ExperimentColumnPlan, _modelgarden_registry_v1_ExperimentColumnPlan__Output>
        ExperimentEvaluatorPlan: MessageTypeDefinition<_modelgarden_registry_v1_ExperimentEvaluatorPlan, _modelgarden_registry_v1_ExperimentEvaluatorPlan__Output>
        ExperimentRunCredential: MessageTypeDefinition<_modelgarden_registry_v1_ExperimentRunCredential, _modelgarden_registry_v1_ExperimentRunCredential__Output>
        ExperimentRunPlan: MessageTypeDefinition<_modelgarden_registry_v1_ExperimentRunPlan, _modelgarden_registry_v1_ExperimentRunPlan__Output>
        GetBudgetConsumptionRequest: MessageTypeDefinition<_modelgarden_registry_v1_GetBudgetConsumptionRequest, _modelgarden_registry_v1_GetBudgetConsumptionRequest__Output>
        GetExperimentRunCredentialRequest: MessageTypeDefinition<_modelgarden_registry_v1_GetExperimentRunCredentialRequest, _modelgarden_registry_v1_GetExperimentRunCredentialRequest__Output>
        GetExperimentRunRequest: MessageTypeDefinition<_modelgarden_registry_v1_GetExperimentRunRequest, _modelgarden_registry_v1_GetExperimentRunRequest__Output>
        GetModelForValidationRequest: MessageTypeDefinition<_modelgarden_registry_v1_GetModelForValidationRequest, _modelgarden_registry_v1_GetModelForValidationRequest__Output>
        ListActiveModelsRequest: MessageTypeDefinition<_modelgarden_registry_v1_ListActiveModelsRequest, _modelgarden_registry_v1_ListActiveModelsRequest__Output>
        ListActiveModelsResponse: MessageTypeDefinition<_modelgarden_registry_v1_ListActiveModelsResponse, _modelgarden_registry_v1_ListActiveModelsResponse__Output>
        ListDeploymentsRequest: MessageTypeDefinition<_modelgarden_registry_v1_ListDeploymentsRequest, _modelgarden_registry_v1_ListDeploymentsRequest__Output>
        ListDeploymentsResponse: MessageTypeDefinition<_modelgarden_registry_v1_ListDeploymentsResponse, _modelgarden_registry_v1_ListDeploymentsResponse__Output>
        ListExperimentRunCellsRequest: MessageTypeDefinition<_modelgarden_registry_v1_ListExperimentRunCellsRequest, _modelgarden_registry_v1_ListExperimentRunCellsRequest__Output>
        ListExperimentRunCellsResponse: MessageTypeDefinition<_modelgarden_registry_v1_ListExperimentRunCellsResponse, _modelgarden_registry_v1_ListExperimentRunCellsResponse__Output>
        ListModelsRequest: MessageTypeDefinition<_modelgarden_registry_v1_ListModelsRequest, _modelgarden_registry_v1_ListModelsRequest__Output>
        ListModelsResponse: MessageTypeDefinition<_modelgarden_registry_v1_ListModelsResponse, _modelgarden_registry_v1_ListModelsResponse__Output>
        ListWorkspaceBudgetsRequest: MessageTypeDefinition<_modelgarden_registry_v1_ListWorkspaceBudgetsRequest, _modelgarden_registry_v1_ListWorkspaceBudgetsRequest__Output>
        ListWorkspaceBudgetsResponse: MessageTypeDefinition<_modelgarden_registry_v1_ListWorkspaceBudgetsResponse, _modelgarden_registry_v1_ListWorkspaceBudgetsResponse__Output>
        ModelSummary: MessageTypeDefinition<_modelgarden_registry_v1_ModelSummary, _modelgarden_registry_v1_ModelSummary__Output>
        Pricing: MessageTypeDefinition<_modelgarden_registry_v1_Pricing, _modelgarden_registry_v1_Pricing__Output>
        RegistryService: SubtypeConstructor<typeof grpc.Client, _modelgarden_registry_v1_RegistryServiceClient> & { service: _modelgarden_registry_v1_RegistryServiceDefinition }
        ResolveDeploymentRequest: MessageTypeDefinition<_modelgarden_registry_v1_ResolveDeploymentRequest, _modelgarden_registry_v1_ResolveDeploymentRequest__Output>
        ResolveModelRequest: MessageTypeDefinition<_modelgarden_registry_v1_ResolveModelRequest, _modelgarden_registry_v1_ResolveModelRequest__Output>
        ResolvedDeployment: MessageTypeDefinition<_modelgarden_registry_v1_ResolvedDeployment, _modelgarden_registry_v1_ResolvedDeployment__Output>
        ResolvedModel: MessageTypeDefinition<_modelgarden_registry_v1_ResolvedModel, _modelgarden_registry_v1_ResolvedModel__Output>
      }
    }
  }
}

