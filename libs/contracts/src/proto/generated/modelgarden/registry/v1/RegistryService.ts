// Original file: libs/contracts/src/proto/registry.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AuthenticateApiKeyRequest as _modelgarden_registry_v1_AuthenticateApiKeyRequest, AuthenticateApiKeyRequest__Output as _modelgarden_registry_v1_AuthenticateApiKeyRequest__Output } from '../../../modelgarden/registry/v1/AuthenticateApiKeyRequest';
import type { AuthenticateApiKeyResponse as _modelgarden_registry_v1_AuthenticateApiKeyResponse, AuthenticateApiKeyResponse__Output as _modelgarden_registry_v1_AuthenticateApiKeyResponse__Output } from '../../../modelgarden/registry/v1/AuthenticateApiKeyResponse';
import type { BudgetConsumptionTotals as _modelgarden_registry_v1_BudgetConsumptionTotals, BudgetConsumptionTotals__Output as _modelgarden_registry_v1_BudgetConsumptionTotals__Output } from '../../../modelgarden/registry/v1/BudgetConsumptionTotals';
import type { ExperimentRunCredential as _modelgarden_registry_v1_ExperimentRunCredential, ExperimentRunCredential__Output as _modelgarden_registry_v1_ExperimentRunCredential__Output } from '../../../modelgarden/registry/v1/ExperimentRunCredential';
import type { ExperimentRunPlan as _modelgarden_registry_v1_ExperimentRunPlan, ExperimentRunPlan__Output as _modelgarden_registry_v1_ExperimentRunPlan__Output } from '../../../modelgarden/registry/v1/ExperimentRunPlan';
import type { GetBudgetConsumptionRequest as _modelgarden_registry_v1_GetBudgetConsumptionRequest, GetBudgetConsumptionRequest__Output as _modelgarden_registry_v1_GetBudgetConsumptionRequest__Output } from '../../../modelgarden/registry/v1/GetBudgetConsumptionRequest';
import type { GetExperimentRunCredentialRequest as _modelgarden_registry_v1_GetExperimentRunCredentialRequest, GetExperimentRunCredentialRequest__Output as _modelgarden_registry_v1_GetExperimentRunCredentialRequest__Output } from '../../../modelgarden/registry/v1/GetExperimentRunCredentialRequest';
import type { GetExperimentRunRequest as _modelgarden_registry_v1_GetExperimentRunRequest, GetExperimentRunRequest__Output as _modelgarden_registry_v1_GetExperimentRunRequest__Output } from '../../../modelgarden/registry/v1/GetExperimentRunRequest';
import type { GetModelForValidationRequest as _modelgarden_registry_v1_GetModelForValidationRequest, GetModelForValidationRequest__Output as _modelgarden_registry_v1_GetModelForValidationRequest__Output } from '../../../modelgarden/registry/v1/GetModelForValidationRequest';
import type { ListActiveModelsRequest as _modelgarden_registry_v1_ListActiveModelsRequest, ListActiveModelsRequest__Output as _modelgarden_registry_v1_ListActiveModelsRequest__Output } from '../../../modelgarden/registry/v1/ListActiveModelsRequest';
import type { ListActiveModelsResponse as _modelgarden_registry_v1_ListActiveModelsResponse, ListActiveModelsResponse__Output as _modelgarden_registry_v1_ListActiveModelsResponse__Output } from '../../../modelgarden/registry/v1/ListActiveModelsResponse';
import type { ListDeploymentsRequest as _modelgarden_registry_v1_ListDeploymentsRequest, ListDeploymentsRequest__Output as _modelgarden_registry_v1_ListDeploymentsRequest__Output } from '../../../modelgarden/registry/v1/ListDeploymentsRequest';
import type { ListDeploymentsResponse as _modelgarden_registry_v1_ListDeploymentsResponse, ListDeploymentsResponse__Output as _modelgarden_registry_v1_ListDeploymentsResponse__Output } from '../../../modelgarden/registry/v1/ListDeploymentsResponse';
import type { ListExperimentRunCellsRequest as _modelgarden_registry_v1_ListExperimentRunCellsRequest, ListExperimentRunCellsRequest__Output as _modelgarden_registry_v1_ListExperimentRunCellsRequest__Output } from '../../../modelgarden/registry/v1/ListExperimentRunCellsRequest';
import type { ListExperimentRunCellsResponse as _modelgarden_registry_v1_ListExperimentRunCellsResponse, ListExperimentRunCellsResponse__Output as _modelgarden_registry_v1_ListExperimentRunCellsResponse__Output } from '../../../modelgarden/registry/v1/ListExperimentRunCellsResponse';
import type { ListModelsRequest as _modelgarden_registry_v1_ListModelsRequest, ListModelsRequest__Output as _modelgarden_registry_v1_ListModelsRequest__Output } from '../../../modelgarden/registry/v1/ListModelsRequest';
import type { ListModelsResponse as _modelgarden_registry_v1_ListModelsResponse, ListModelsResponse__Output as _modelgarden_registry_v1_ListModelsResponse__Output } from '../../../modelgarden/registry/v1/ListModelsResponse';
import type { ListWorkspaceBudgetsRequest as _modelgarden_registry_v1_ListWorkspaceBudgetsRequest, ListWorkspaceBudgetsRequest__Output as _modelgarden_registry_v1_ListWorkspaceBudgetsRequest__Output } from '../../../modelgarden/registry/v1/ListWorkspaceBudgetsRequest';
import type { ListWorkspaceBudgetsResponse as _modelgarden_registry_v1_ListWorkspaceBudgetsResponse, ListWorkspaceBudgetsResponse__Output as _modelgarden_registry_v1_ListWorkspaceBudgetsResponse__Output } from '../../../modelgarden/registry/v1/ListWorkspaceBudgetsResponse';
import type { ResolveDeploymentRequest as _modelgarden_registry_v1_ResolveDeploymentRequest, ResolveDeploymentRequest__Output as _modelgarden_registry_v1_ResolveDeploymentRequest__Output } from '../../../modelgarden/registry/v1/ResolveDeploymentRequest';
import type { ResolveModelRequest as _modelgarden_registry_v1_ResolveModelRequest, ResolveModelRequest__Output as _modelgarden_registry_v1_ResolveModelRequest__Output } from '../../../modelgarden/registry/v1/ResolveModelRequest';
import type { ResolvedDeployment as _modelgarden_registry_v1_ResolvedDeployment, ResolvedDeployment__Output as _modelgarden_registry_v1_ResolvedDeployment__Output } from '../../../modelgarden/registry/v1/ResolvedDeployment';
import type { ResolvedModel as _modelgarden_registry_v1_ResolvedModel, ResolvedModel__Output as _modelgarden_registry_v1_ResolvedModel__Output } from '../../../modelgarden/registry/v1/ResolvedModel';

export interface RegistryServiceClient extends grpc.Client {
  /**
   * Resolves a workspace API key (the secret the client presented) to its workspace and scopes.
   * NOT_FOUND when the key is unknown, revoked or expired (all three look the same).
   */
  AuthenticateApiKey(argument: _modelgarden_registry_v1_AuthenticateApiKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_AuthenticateApiKeyResponse__Output>): grpc.ClientUnaryCall;
  AuthenticateApiKey(argument: _modelgarden_registry_v1_AuthenticateApiKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelgarden_registry_v1_AuthenticateApiKeyResponse__Output>): grpc.ClientUnaryCall;
  AuthenticateApiKey(argument: _modelgarden_registry_v1_AuthenticateApiKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_AuthenticateApiKeyResponse__Output>): grpc.ClientUnaryCall;
  AuthenticateApiKey(argument: _modelgarden_registry_v1_AuthenticateApiKeyRequest, callback: grpc.requestCallback<_modelgarden_registry_v1_AuthenticateApiKeyResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Resolves a workspace API key (the secret the client presented) to its workspace and scopes.
   * NOT_FOUND when the key is unknown, revoked or expired (all three look the same).
   */
  authenticateApiKey(argument: _modelgarden_registry_v1_AuthenticateApiKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_AuthenticateApiKeyResponse__Output>): grpc.ClientUnaryCall;
  authenticateApiKey(argument: _modelgarden_registry_v1_AuthenticateApiKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelgarden_registry_v1_AuthenticateApiKeyResponse__Output>): grpc.ClientUnaryCall;
  authenticateApiKey(argument: _modelgarden_registry_v1_AuthenticateApiKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_AuthenticateApiKeyResponse__Output>): grpc.ClientUnaryCall;
  authenticateApiKey(argument: _modelgarden_registry_v1_AuthenticateApiKeyRequest, callback: grpc.requestCallback<_modelgarden_registry_v1_AuthenticateApiKeyResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * What a budget consumed from `from_ms` (inclusive) to `to_ms` (exclusive; 0: no end), from
   * the registry's durable ledger: the gateway rebuilds its Redis counters from it after Redis
   * lost them. NOT_FOUND when the workspace has no such budget.
   */
  GetBudgetConsumption(argument: _modelgarden_registry_v1_GetBudgetConsumptionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_BudgetConsumptionTotals__Output>): grpc.ClientUnaryCall;
  GetBudgetConsumption(argument: _modelgarden_registry_v1_GetBudgetConsumptionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelgarden_registry_v1_BudgetConsumptionTotals__Output>): grpc.ClientUnaryCall;
  GetBudgetConsumption(argument: _modelgarden_registry_v1_GetBudgetConsumptionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_BudgetConsumptionTotals__Output>): grpc.ClientUnaryCall;
  GetBudgetConsumption(argument: _modelgarden_registry_v1_GetBudgetConsumptionRequest, callback: grpc.requestCallback<_modelgarden_registry_v1_BudgetConsumptionTotals__Output>): grpc.ClientUnaryCall;
  /**
   * What a budget consumed from `from_ms` (inclusive) to `to_ms` (exclusive; 0: no end), from
   * the registry's durable ledger: the gateway rebuilds its Redis counters from it after Redis
   * lost them. NOT_FOUND when the workspace has no such budget.
   */
  getBudgetConsumption(argument: _modelgarden_registry_v1_GetBudgetConsumptionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_BudgetConsumptionTotals__Output>): grpc.ClientUnaryCall;
  getBudgetConsumption(argument: _modelgarden_registry_v1_GetBudgetConsumptionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelgarden_registry_v1_BudgetConsumptionTotals__Output>): grpc.ClientUnaryCall;
  getBudgetConsumption(argument: _modelgarden_registry_v1_GetBudgetConsumptionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_BudgetConsumptionTotals__Output>): grpc.ClientUnaryCall;
  getBudgetConsumption(argument: _modelgarden_registry_v1_GetBudgetConsumptionRequest, callback: grpc.requestCallback<_modelgarden_registry_v1_BudgetConsumptionTotals__Output>): grpc.ClientUnaryCall;
  
  /**
   * The snapshot of an experiment run as it started (columns, evaluators, limits) and its
   * status, for the experiment worker. NOT_FOUND when there is no such run.
   */
  GetExperimentRun(argument: _modelgarden_registry_v1_GetExperimentRunRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ExperimentRunPlan__Output>): grpc.ClientUnaryCall;
  GetExperimentRun(argument: _modelgarden_registry_v1_GetExperimentRunRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelgarden_registry_v1_ExperimentRunPlan__Output>): grpc.ClientUnaryCall;
  GetExperimentRun(argument: _modelgarden_registry_v1_GetExperimentRunRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ExperimentRunPlan__Output>): grpc.ClientUnaryCall;
  GetExperimentRun(argument: _modelgarden_registry_v1_GetExperimentRunRequest, callback: grpc.requestCallback<_modelgarden_registry_v1_ExperimentRunPlan__Output>): grpc.ClientUnaryCall;
  /**
   * The snapshot of an experiment run as it started (columns, evaluators, limits) and its
   * status, for the experiment worker. NOT_FOUND when there is no such run.
   */
  getExperimentRun(argument: _modelgarden_registry_v1_GetExperimentRunRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ExperimentRunPlan__Output>): grpc.ClientUnaryCall;
  getExperimentRun(argument: _modelgarden_registry_v1_GetExperimentRunRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelgarden_registry_v1_ExperimentRunPlan__Output>): grpc.ClientUnaryCall;
  getExperimentRun(argument: _modelgarden_registry_v1_GetExperimentRunRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ExperimentRunPlan__Output>): grpc.ClientUnaryCall;
  getExperimentRun(argument: _modelgarden_registry_v1_GetExperimentRunRequest, callback: grpc.requestCallback<_modelgarden_registry_v1_ExperimentRunPlan__Output>): grpc.ClientUnaryCall;
  
  /**
   * The run's own gateway credential: a workspace API key with scope `inference` minted
   * when the run (or a re-run) started, expiring, revoked when the run ends.
   * NOT_FOUND when there is no such run or it has ended (its key is revoked).
   */
  GetExperimentRunCredential(argument: _modelgarden_registry_v1_GetExperimentRunCredentialRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ExperimentRunCredential__Output>): grpc.ClientUnaryCall;
  GetExperimentRunCredential(argument: _modelgarden_registry_v1_GetExperimentRunCredentialRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelgarden_registry_v1_ExperimentRunCredential__Output>): grpc.ClientUnaryCall;
  GetExperimentRunCredential(argument: _modelgarden_registry_v1_GetExperimentRunCredentialRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ExperimentRunCredential__Output>): grpc.ClientUnaryCall;
  GetExperimentRunCredential(argument: _modelgarden_registry_v1_GetExperimentRunCredentialRequest, callback: grpc.requestCallback<_modelgarden_registry_v1_ExperimentRunCredential__Output>): grpc.ClientUnaryCall;
  /**
   * The run's own gateway credential: a workspace API key with scope `inference` minted
   * when the run (or a re-run) started, expiring, revoked when the run ends.
   * NOT_FOUND when there is no such run or it has ended (its key is revoked).
   */
  getExperimentRunCredential(argument: _modelgarden_registry_v1_GetExperimentRunCredentialRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ExperimentRunCredential__Output>): grpc.ClientUnaryCall;
  getExperimentRunCredential(argument: _modelgarden_registry_v1_GetExperimentRunCredentialRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelgarden_registry_v1_ExperimentRunCredential__Output>): grpc.ClientUnaryCall;
  getExperimentRunCredential(argument: _modelgarden_registry_v1_GetExperimentRunCredentialRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ExperimentRunCredential__Output>): grpc.ClientUnaryCall;
  getExperimentRunCredential(argument: _modelgarden_registry_v1_GetExperimentRunCredentialRequest, callback: grpc.requestCallback<_modelgarden_registry_v1_ExperimentRunCredential__Output>): grpc.ClientUnaryCall;
  
  /**
   * Fetches one model by id for validation (any workspace), with the decrypted provider key.
   */
  GetModelForValidation(argument: _modelgarden_registry_v1_GetModelForValidationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedModel__Output>): grpc.ClientUnaryCall;
  GetModelForValidation(argument: _modelgarden_registry_v1_GetModelForValidationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedModel__Output>): grpc.ClientUnaryCall;
  GetModelForValidation(argument: _modelgarden_registry_v1_GetModelForValidationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedModel__Output>): grpc.ClientUnaryCall;
  GetModelForValidation(argument: _modelgarden_registry_v1_GetModelForValidationRequest, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedModel__Output>): grpc.ClientUnaryCall;
  /**
   * Fetches one model by id for validation (any workspace), with the decrypted provider key.
   */
  getModelForValidation(argument: _modelgarden_registry_v1_GetModelForValidationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedModel__Output>): grpc.ClientUnaryCall;
  getModelForValidation(argument: _modelgarden_registry_v1_GetModelForValidationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedModel__Output>): grpc.ClientUnaryCall;
  getModelForValidation(argument: _modelgarden_registry_v1_GetModelForValidationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedModel__Output>): grpc.ClientUnaryCall;
  getModelForValidation(argument: _modelgarden_registry_v1_GetModelForValidationRequest, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedModel__Output>): grpc.ClientUnaryCall;
  
  /**
   * Lists private models in service (status `active` or `degraded`) across workspaces, for
   * the validator's periodic health checks. No credentials: GetModelForValidation has them.
   * Paged in a stable order: pass next_page_token back until it comes back empty.
   */
  ListActiveModels(argument: _modelgarden_registry_v1_ListActiveModelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ListActiveModelsResponse__Output>): grpc.ClientUnaryCall;
  ListActiveModels(argument: _modelgarden_registry_v1_ListActiveModelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelgarden_registry_v1_ListActiveModelsResponse__Output>): grpc.ClientUnaryCall;
  ListActiveModels(argument: _modelgarden_registry_v1_ListActiveModelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ListActiveModelsResponse__Output>): grpc.ClientUnaryCall;
  ListActiveModels(argument: _modelgarden_registry_v1_ListActiveModelsRequest, callback: grpc.requestCallback<_modelgarden_registry_v1_ListActiveModelsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Lists private models in service (status `active` or `degraded`) across workspaces, for
   * the validator's periodic health checks. No credentials: GetModelForValidation has them.
   * Paged in a stable order: pass next_page_token back until it comes back empty.
   */
  listActiveModels(argument: _modelgarden_registry_v1_ListActiveModelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ListActiveModelsResponse__Output>): grpc.ClientUnaryCall;
  listActiveModels(argument: _modelgarden_registry_v1_ListActiveModelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelgarden_registry_v1_ListActiveModelsResponse__Output>): grpc.ClientUnaryCall;
  listActiveModels(argument: _modelgarden_registry_v1_ListActiveModelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ListActiveModelsResponse__Output>): grpc.ClientUnaryCall;
  listActiveModels(argument: _modelgarden_registry_v1_ListActiveModelsRequest, callback: grpc.requestCallback<_modelgarden_registry_v1_ListActiveModelsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Lists a workspace's deployments with their current versions, newest first, paged by
   * deployment id like orq.ai's GET /v2/deployments.
   */
  ListDeployments(argument: _modelgarden_registry_v1_ListDeploymentsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ListDeploymentsResponse__Output>): grpc.ClientUnaryCall;
  ListDeployments(argument: _modelgarden_registry_v1_ListDeploymentsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelgarden_registry_v1_ListDeploymentsResponse__Output>): grpc.ClientUnaryCall;
  ListDeployments(argument: _modelgarden_registry_v1_ListDeploymentsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ListDeploymentsResponse__Output>): grpc.ClientUnaryCall;
  ListDeployments(argument: _modelgarden_registry_v1_ListDeploymentsRequest, callback: grpc.requestCallback<_modelgarden_registry_v1_ListDeploymentsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Lists a workspace's deployments with their current versions, newest first, paged by
   * deployment id like orq.ai's GET /v2/deployments.
   */
  listDeployments(argument: _modelgarden_registry_v1_ListDeploymentsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ListDeploymentsResponse__Output>): grpc.ClientUnaryCall;
  listDeployments(argument: _modelgarden_registry_v1_ListDeploymentsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelgarden_registry_v1_ListDeploymentsResponse__Output>): grpc.ClientUnaryCall;
  listDeployments(argument: _modelgarden_registry_v1_ListDeploymentsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ListDeploymentsResponse__Output>): grpc.ClientUnaryCall;
  listDeployments(argument: _modelgarden_registry_v1_ListDeploymentsRequest, callback: grpc.requestCallback<_modelgarden_registry_v1_ListDeploymentsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The queued cells of one dispatch of a run, with their datapoints as of the run's
   * dataset revision. Paged in a stable order: pass next_page_token back until empty.
   */
  ListExperimentRunCells(argument: _modelgarden_registry_v1_ListExperimentRunCellsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ListExperimentRunCellsResponse__Output>): grpc.ClientUnaryCall;
  ListExperimentRunCells(argument: _modelgarden_registry_v1_ListExperimentRunCellsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelgarden_registry_v1_ListExperimentRunCellsResponse__Output>): grpc.ClientUnaryCall;
  ListExperimentRunCells(argument: _modelgarden_registry_v1_ListExperimentRunCellsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ListExperimentRunCellsResponse__Output>): grpc.ClientUnaryCall;
  ListExperimentRunCells(argument: _modelgarden_registry_v1_ListExperimentRunCellsRequest, callback: grpc.requestCallback<_modelgarden_registry_v1_ListExperimentRunCellsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The queued cells of one dispatch of a run, with their datapoints as of the run's
   * dataset revision. Paged in a stable order: pass next_page_token back until empty.
   */
  listExperimentRunCells(argument: _modelgarden_registry_v1_ListExperimentRunCellsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ListExperimentRunCellsResponse__Output>): grpc.ClientUnaryCall;
  listExperimentRunCells(argument: _modelgarden_registry_v1_ListExperimentRunCellsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelgarden_registry_v1_ListExperimentRunCellsResponse__Output>): grpc.ClientUnaryCall;
  listExperimentRunCells(argument: _modelgarden_registry_v1_ListExperimentRunCellsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ListExperimentRunCellsResponse__Output>): grpc.ClientUnaryCall;
  listExperimentRunCells(argument: _modelgarden_registry_v1_ListExperimentRunCellsRequest, callback: grpc.requestCallback<_modelgarden_registry_v1_ListExperimentRunCellsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Lists the models a workspace can use (public and private), without credentials.
   */
  ListModels(argument: _modelgarden_registry_v1_ListModelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  ListModels(argument: _modelgarden_registry_v1_ListModelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelgarden_registry_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  ListModels(argument: _modelgarden_registry_v1_ListModelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  ListModels(argument: _modelgarden_registry_v1_ListModelsRequest, callback: grpc.requestCallback<_modelgarden_registry_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Lists the models a workspace can use (public and private), without credentials.
   */
  listModels(argument: _modelgarden_registry_v1_ListModelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  listModels(argument: _modelgarden_registry_v1_ListModelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelgarden_registry_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  listModels(argument: _modelgarden_registry_v1_ListModelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  listModels(argument: _modelgarden_registry_v1_ListModelsRequest, callback: grpc.requestCallback<_modelgarden_registry_v1_ListModelsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The budgets of a workspace that are active and not expired, for the gateway to enforce
   * (it keeps the ones whose scope matches a request). Cached by the gateway; BudgetChanged
   * events drop the cache.
   */
  ListWorkspaceBudgets(argument: _modelgarden_registry_v1_ListWorkspaceBudgetsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ListWorkspaceBudgetsResponse__Output>): grpc.ClientUnaryCall;
  ListWorkspaceBudgets(argument: _modelgarden_registry_v1_ListWorkspaceBudgetsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelgarden_registry_v1_ListWorkspaceBudgetsResponse__Output>): grpc.ClientUnaryCall;
  ListWorkspaceBudgets(argument: _modelgarden_registry_v1_ListWorkspaceBudgetsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ListWorkspaceBudgetsResponse__Output>): grpc.ClientUnaryCall;
  ListWorkspaceBudgets(argument: _modelgarden_registry_v1_ListWorkspaceBudgetsRequest, callback: grpc.requestCallback<_modelgarden_registry_v1_ListWorkspaceBudgetsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The budgets of a workspace that are active and not expired, for the gateway to enforce
   * (it keeps the ones whose scope matches a request). Cached by the gateway; BudgetChanged
   * events drop the cache.
   */
  listWorkspaceBudgets(argument: _modelgarden_registry_v1_ListWorkspaceBudgetsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ListWorkspaceBudgetsResponse__Output>): grpc.ClientUnaryCall;
  listWorkspaceBudgets(argument: _modelgarden_registry_v1_ListWorkspaceBudgetsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelgarden_registry_v1_ListWorkspaceBudgetsResponse__Output>): grpc.ClientUnaryCall;
  listWorkspaceBudgets(argument: _modelgarden_registry_v1_ListWorkspaceBudgetsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ListWorkspaceBudgetsResponse__Output>): grpc.ClientUnaryCall;
  listWorkspaceBudgets(argument: _modelgarden_registry_v1_ListWorkspaceBudgetsRequest, callback: grpc.requestCallback<_modelgarden_registry_v1_ListWorkspaceBudgetsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Resolves a deployment of a workspace by its key to its current version (variants,
   * models pinned by id, routing). The gateway resolves each variant's model through
   * ResolveModel with the pinned id. NOT_FOUND when the workspace has no such deployment
   * (another workspace's included).
   */
  ResolveDeployment(argument: _modelgarden_registry_v1_ResolveDeploymentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedDeployment__Output>): grpc.ClientUnaryCall;
  ResolveDeployment(argument: _modelgarden_registry_v1_ResolveDeploymentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedDeployment__Output>): grpc.ClientUnaryCall;
  ResolveDeployment(argument: _modelgarden_registry_v1_ResolveDeploymentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedDeployment__Output>): grpc.ClientUnaryCall;
  ResolveDeployment(argument: _modelgarden_registry_v1_ResolveDeploymentRequest, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedDeployment__Output>): grpc.ClientUnaryCall;
  /**
   * Resolves a deployment of a workspace by its key to its current version (variants,
   * models pinned by id, routing). The gateway resolves each variant's model through
   * ResolveModel with the pinned id. NOT_FOUND when the workspace has no such deployment
   * (another workspace's included).
   */
  resolveDeployment(argument: _modelgarden_registry_v1_ResolveDeploymentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedDeployment__Output>): grpc.ClientUnaryCall;
  resolveDeployment(argument: _modelgarden_registry_v1_ResolveDeploymentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedDeployment__Output>): grpc.ClientUnaryCall;
  resolveDeployment(argument: _modelgarden_registry_v1_ResolveDeploymentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedDeployment__Output>): grpc.ClientUnaryCall;
  resolveDeployment(argument: _modelgarden_registry_v1_ResolveDeploymentRequest, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedDeployment__Output>): grpc.ClientUnaryCall;
  
  /**
   * Resolves a model reference (ref, key or id) within a workspace, with the decrypted provider key.
   * NOT_FOUND when the workspace has no such model (another workspace's model included).
   * A public model that is disabled or has no platform credentials resolves with
   * status `unavailable` and a status_message saying why.
   */
  ResolveModel(argument: _modelgarden_registry_v1_ResolveModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedModel__Output>): grpc.ClientUnaryCall;
  ResolveModel(argument: _modelgarden_registry_v1_ResolveModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedModel__Output>): grpc.ClientUnaryCall;
  ResolveModel(argument: _modelgarden_registry_v1_ResolveModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedModel__Output>): grpc.ClientUnaryCall;
  ResolveModel(argument: _modelgarden_registry_v1_ResolveModelRequest, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedModel__Output>): grpc.ClientUnaryCall;
  /**
   * Resolves a model reference (ref, key or id) within a workspace, with the decrypted provider key.
   * NOT_FOUND when the workspace has no such model (another workspace's model included).
   * A public model that is disabled or has no platform credentials resolves with
   * status `unavailable` and a status_message saying why.
   */
  resolveModel(argument: _modelgarden_registry_v1_ResolveModelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedModel__Output>): grpc.ClientUnaryCall;
  resolveModel(argument: _modelgarden_registry_v1_ResolveModelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedModel__Output>): grpc.ClientUnaryCall;
  resolveModel(argument: _modelgarden_registry_v1_ResolveModelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedModel__Output>): grpc.ClientUnaryCall;
  resolveModel(argument: _modelgarden_registry_v1_ResolveModelRequest, callback: grpc.requestCallback<_modelgarden_registry_v1_ResolvedModel__Output>): grpc.ClientUnaryCall;
  
}

export interface RegistryServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Resolves a workspace API key (the secret the client presented) to its workspace and scopes.
   * NOT_FOUND when the key is unknown, revoked or expired (all three look the same).
   */
  AuthenticateApiKey: grpc.handleUnaryCall<_modelgarden_registry_v1_AuthenticateApiKeyRequest__Output, _modelgarden_registry_v1_AuthenticateApiKeyResponse>;
  
  /**
   * What a budget consumed from `from_ms` (inclusive) to `to_ms` (exclusive; 0: no end), from
   * the registry's durable ledger: the gateway rebuilds its Redis counters from it after Redis
   * lost them. NOT_FOUND when the workspace has no such budget.
   */
  GetBudgetConsumption: grpc.handleUnaryCall<_modelgarden_registry_v1_GetBudgetConsumptionRequest__Output, _modelgarden_registry_v1_BudgetConsumptionTotals>;
  
  /**
   * The snapshot of an experiment run as it started (columns, evaluators, limits) and its
   * status, for the experiment worker. NOT_FOUND when there is no such run.
   */
  GetExperimentRun: grpc.handleUnaryCall<_modelgarden_registry_v1_GetExperimentRunRequest__Output, _modelgarden_registry_v1_ExperimentRunPlan>;
  
  /**
   * The run's own gateway credential: a workspace API key with scope `inference` minted
   * when the run (or a re-run) started, expiring, revoked when the run ends.
   * NOT_FOUND when there is no such run or it has ended (its key is revoked).
   */
  GetExperimentRunCredential: grpc.handleUnaryCall<_modelgarden_registry_v1_GetExperimentRunCredentialRequest__Output, _modelgarden_registry_v1_ExperimentRunCredential>;
  
  /**
   * Fetches one model by id for validation (any workspace), with the decrypted provider key.
   */
  GetModelForValidation: grpc.handleUnaryCall<_modelgarden_registry_v1_GetModelForValidationRequest__Output, _modelgarden_registry_v1_ResolvedModel>;
  
  /**
   * Lists private models in service (status `active` or `degraded`) across workspaces, for
   * the validator's periodic health checks. No credentials: GetModelForValidation has them.
   * Paged in a stable order: pass next_page_token back until it comes back empty.
   */
  ListActiveModels: grpc.handleUnaryCall<_modelgarden_registry_v1_ListActiveModelsRequest__Output, _modelgarden_registry_v1_ListActiveModelsResponse>;
  
  /**
   * Lists a workspace's deployments with their current versions, newest first, paged by
   * deployment id like orq.ai's GET /v2/deployments.
   */
  ListDeployments: grpc.handleUnaryCall<_modelgarden_registry_v1_ListDeploymentsRequest__Output, _modelgarden_registry_v1_ListDeploymentsResponse>;
  
  /**
   * The queued cells of one dispatch of a run, with their datapoints as of the run's
   * dataset revision. Paged in a stable order: pass next_page_token back until empty.
   */
  ListExperimentRunCells: grpc.handleUnaryCall<_modelgarden_registry_v1_ListExperimentRunCellsRequest__Output, _modelgarden_registry_v1_ListExperimentRunCellsResponse>;
  
  /**
   * Lists the models a workspace can use (public and private), without credentials.
   */
  ListModels: grpc.handleUnaryCall<_modelgarden_registry_v1_ListModelsRequest__Output, _modelgarden_registry_v1_ListModelsResponse>;
  
  /**
   * The budgets of a workspace that are active and not expired, for the gateway to enforce
   * (it keeps the ones whose scope matches a request). Cached by the gateway; BudgetChanged
   * events drop the cache.
   */
  ListWorkspaceBudgets: grpc.handleUnaryCall<_modelgarden_registry_v1_ListWorkspaceBudgetsRequest__Output, _modelgarden_registry_v1_ListWorkspaceBudgetsResponse>;
  
  /**
   * Resolves a deployment of a workspace by its key to its current version (variants,
   * models pinned by id, routing). The gateway resolves each variant's model through
   * ResolveModel with the pinned id. NOT_FOUND when the workspace has no such deployment
   * (another workspace's included).
   */
  ResolveDeployment: grpc.handleUnaryCall<_modelgarden_registry_v1_ResolveDeploymentRequest__Output, _modelgarden_registry_v1_ResolvedDeployment>;
  
  /**
   * Resolves a model reference (ref, key or id) within a workspace, with the decrypted provider key.
   * NOT_FOUND when the workspace has no such model (another workspace's model included).
   * A public model that is disabled or has no platform credentials resolves with
   * status `unavailable` and a status_message saying why.
   */
  ResolveModel: grpc.handleUnaryCall<_modelgarden_registry_v1_ResolveModelRequest__Output, _modelgarden_registry_v1_ResolvedModel>;
  
}

export interface RegistryServiceDefinition extends grpc.ServiceDefinition {
  AuthenticateApiKey: MethodDefinition<_modelgarden_registry_v1_AuthenticateApiKeyRequest, _modelgarden_registry_v1_AuthenticateApiKeyResponse, _modelgarden_registry_v1_AuthenticateApiKeyRequest__Output, _modelgarden_registry_v1_AuthenticateApiKeyResponse__Output>
  GetBudgetConsumption: MethodDefinition<_modelgarden_registry_v1_GetBudgetConsumptionRequest, _modelgarden_registry_v1_BudgetConsumptionTotals, _modelgarden_registry_v1_GetBudgetConsumptionRequest__Output, _modelgarden_registry_v1_BudgetConsumptionTotals__Output>
  GetExperimentRun: MethodDefinition<_modelgarden_registry_v1_GetExperimentRunRequest, _modelgarden_registry_v1_ExperimentRunPlan, _modelgarden_registry_v1_GetExperimentRunRequest__Output, _modelgarden_registry_v1_ExperimentRunPlan__Output>
  GetExperimentRunCredential: MethodDefinition<_modelgarden_registry_v1_GetExperimentRunCredentialRequest, _modelgarden_registry_v1_ExperimentRunCredential, _modelgarden_registry_v1_GetExperimentRunCredentialRequest__Output, _modelgarden_registry_v1_ExperimentRunCredential__Output>
  GetModelForValidation: MethodDefinition<_modelgarden_registry_v1_GetModelForValidationRequest, _modelgarden_registry_v1_ResolvedModel, _modelgarden_registry_v1_GetModelForValidationRequest__Output, _modelgarden_registry_v1_ResolvedModel__Output>
  ListActiveModels: MethodDefinition<_modelgarden_registry_v1_ListActiveModelsRequest, _modelgarden_registry_v1_ListActiveModelsResponse, _modelgarden_registry_v1_ListActiveModelsRequest__Output, _modelgarden_registry_v1_ListActiveModelsResponse__Output>
  ListDeployments: MethodDefinition<_modelgarden_registry_v1_ListDeploymentsRequest, _modelgarden_registry_v1_ListDeploymentsResponse, _modelgarden_registry_v1_ListDeploymentsRequest__Output, _modelgarden_registry_v1_ListDeploymentsResponse__Output>
  ListExperimentRunCells: MethodDefinition<_modelgarden_registry_v1_ListExperimentRunCellsRequest, _modelgarden_registry_v1_ListExperimentRunCellsResponse, _modelgarden_registry_v1_ListExperimentRunCellsRequest__Output, _modelgarden_registry_v1_ListExperimentRunCellsResponse__Output>
  ListModels: MethodDefinition<_modelgarden_registry_v1_ListModelsRequest, _modelgarden_registry_v1_ListModelsResponse, _modelgarden_registry_v1_ListModelsRequest__Output, _modelgarden_registry_v1_ListModelsResponse__Output>
  ListWorkspaceBudgets: MethodDefinition<_modelgarden_registry_v1_ListWorkspaceBudgetsRequest, _modelgarden_registry_v1_ListWorkspaceBudgetsResponse, _modelgarden_registry_v1_ListWorkspaceBudgetsRequest__Output, _modelgarden_registry_v1_ListWorkspaceBudgetsResponse__Output>
  ResolveDeployment: MethodDefinition<_modelgarden_registry_v1_ResolveDeploymentRequest, _modelgarden_registry_v1_ResolvedDeployment, _modelgarden_registry_v1_ResolveDeploymentRequest__Output, _modelgarden_registry_v1_ResolvedDeployment__Output>
  ResolveModel: MethodDefinition<_modelgarden_registry_v1_ResolveModelRequest, _modelgarden_registry_v1_ResolvedModel, _modelgarden_registry_v1_ResolveModelRequest__Output, _modelgarden_registry_v1_ResolvedModel__Output>
}
